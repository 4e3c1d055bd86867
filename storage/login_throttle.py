"""Login throttling: after a few failed passwords for one username from one address, wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.models import LoginFailure
from storage.types import utcnow

# Failures older than this are no longer counted, and are deleted now and then.
KEEP_FAILURES = timedelta(days=1)


@dataclass(frozen=True)
class ThrottlePolicy:
    """At most `failures` wrong passwords per username and address within `window`."""

    failures: int = 5
    window: timedelta = timedelta(minutes=15)


def _key(username: str) -> str:
    return username.strip().lower()[:64]


def is_locked(
    session: Session,
    *,
    username: str,
    ip: str | None,
    policy: ThrottlePolicy,
    now: datetime | None = None,
) -> bool:
    """True while this username from this address has used up its failures."""
    now = now or utcnow()
    count = session.exec(
        select(func.count())
        .select_from(LoginFailure)
        .where(
            col(LoginFailure.username) == _key(username),
            col(LoginFailure.ip) == (ip or ""),
            col(LoginFailure.at) > now - policy.window,
        )
    ).one()
    return int(count) >= policy.failures


def record_failure(
    session: Session, *, username: str, ip: str | None, now: datetime | None = None
) -> None:
    """Count one wrong password (or unknown username: the two are not told apart)."""
    now = now or utcnow()
    session.add(LoginFailure(username=_key(username), ip=(ip or "")[:64], at=now))
    session.exec(delete(LoginFailure).where(col(LoginFailure.at) < now - KEEP_FAILURES))


def clear(session: Session, *, username: str, ip: str | None) -> None:
    """Forget the failures of a username at an address after it signed in."""
    session.exec(
        delete(LoginFailure).where(
            col(LoginFailure.username) == _key(username), col(LoginFailure.ip) == (ip or "")
        )
    )
