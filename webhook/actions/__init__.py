"""What staff do, one function per action, for the staff API, the pages and the CLI alike.

Each action takes the session and an `Actor` (the staff member and the address the
request came from), applies the rules once (in storage's repositories and
storage.case_actions), records the audit entry and commits them together. A refused
action raises its repository's error (CaseActionError, HouseholdError, RelayError, ...)
with the session rolled back; routes only turn those errors into HTTP answers or
redirects. Nothing here knows about HTTP: no FastAPI, no requests, no status codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from storage import audit
from storage.models import Staff
from storage.rows import require_id


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff member, and the client address the audit trail keeps."""

    staff: Staff
    ip: str | None = None

    @property
    def staff_id(self) -> int:
        return require_id(self.staff)


def done(
    session: Session,
    actor: Actor,
    action: str,
    *,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record the audit entry and commit it with what the action changed."""
    audit.record(
        session, action=action, staff=actor.staff, case_id=case_id, ip=actor.ip, detail=detail
    )
    session.commit()


@contextmanager
def all_or_nothing(session: Session) -> Iterator[None]:
    """A refused action leaves nothing behind: the error rolls the session back."""
    try:
        yield
    except Exception:
        session.rollback()
        raise


__all__ = ["Actor", "all_or_nothing", "done"]
