"""Staff browser sessions: random ids kept only as digests, with idle and absolute timeouts."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select, update

from storage.models import Staff, StaffSession
from storage.types import utcnow

# Writing last_seen_at on every request would make every page view a write; a minute of
# slack on a 30-minute idle timeout is harmless.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lives: `idle` since the last request, `absolute` since sign-in."""

    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)


@dataclass(frozen=True)
class ActiveSession:
    """A session that is valid now, with the staff member it belongs to."""

    row: StaffSession
    staff: Staff


def _digest(token: str) -> str:
    # 256 random bits: a fast digest suffices, and lookup by digest compares no secret in Python.
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    session: Session,
    *,
    staff_id: int,
    policy: SessionPolicy,
    ip: str | None,
    user_agent: str | None,
    now: datetime | None = None,
) -> tuple[str, StaffSession]:
    """Open a new session (always a new id, so a planted cookie is useless); returns its token."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = StaffSession(
        token_hash=_digest(token),
        staff_id=staff_id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + policy.absolute,
        ip=(ip or "")[:64] or None,
        user_agent=(user_agent or "")[:255] or None,
    )
    session.add(row)
    session.flush()
    return token, row


def find_active(
    session: Session, *, token: str, policy: SessionPolicy, now: datetime | None = None
) -> ActiveSession | None:
    """The session a cookie names if it is neither revoked, expired nor idle too long."""
    if not token or len(token) > 100:
        return None
    now = now or utcnow()
    row = session.exec(
        select(StaffSession).where(col(StaffSession.token_hash) == _digest(token))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    if now >= row.expires_at or now >= row.last_seen_at + policy.idle:
        return None
    staff = session.get(Staff, row.staff_id)
    if staff is None or not staff.active:
        return None
    return ActiveSession(row=row, staff=staff)


def touch(session: Session, *, row: StaffSession, now: datetime | None = None) -> bool:
    """Record activity (restarting the idle clock); True when the row was written."""
    now = now or utcnow()
    if now - row.last_seen_at < TOUCH_EVERY:
        return False
    row.last_seen_at = now
    session.add(row)
    return True


def revoke(session: Session, *, row: StaffSession, now: datetime | None = None) -> None:
    """End one session (sign-out)."""
    row.revoked_at = now or utcnow()
    session.add(row)


def revoke_all(
    session: Session, *, staff_id: int, keep: int | None = None, now: datetime | None = None
) -> int:
    """End every open session of a staff member (but `keep`, a session id); returns how many."""
    statement = update(StaffSession).where(
        col(StaffSession.staff_id) == staff_id, col(StaffSession.revoked_at).is_(None)
    )
    if keep is not None:
        statement = statement.where(col(StaffSession.id) != keep)
    result = session.exec(statement.values(revoked_at=now or utcnow()))
    return int(result.rowcount or 0)


def open_sessions(
    session: Session, *, staff_id: int, policy: SessionPolicy, now: datetime | None = None
) -> list[StaffSession]:
    """A staff member's sessions that are still valid, newest first (for the admin page)."""
    now = now or utcnow()
    rows = session.exec(
        select(StaffSession)
        .where(
            col(StaffSession.staff_id) == staff_id,
            col(StaffSession.revoked_at).is_(None),
            col(StaffSession.expires_at) > now,
        )
        .order_by(col(StaffSession.id).desc())
    ).all()
    return [r for r in rows if now < r.last_seen_at + policy.idle]


def last_sign_in(session: Session, *, staff_ids: list[int]) -> dict[int, datetime]:
    """When each staff member last signed in, for the staff list."""
    if not staff_ids:
        return {}
    rows = session.exec(
        select(StaffSession.staff_id, func.max(StaffSession.created_at))
        .where(col(StaffSession.staff_id).in_(staff_ids))
        .group_by(col(StaffSession.staff_id))
    ).all()
    return {staff_id: at for staff_id, at in rows if at is not None}
