"""The inbox: raw Telegram updates, stored durably before the webhook answers.

A row is "pending" until the worker has applied it ("processed"); an update the webhook
knows sagak will not act on is stored "ignored" at once; one that failed MAX_ATTEMPTS
times is parked as "failed" for an operator.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models import InboxUpdate
from storage.types import utcnow

MAX_ATTEMPTS = 5
# A failed update waits 2 s, 4 s, 8 s, 16 s before its next attempt: a passing problem (a
# locked database, a restart of PostgreSQL) does not use up the attempts in milliseconds.
FIRST_RETRY = timedelta(seconds=2)
# How long a leased update is left to the worker that leased it (see `lease`); after
# that another instance may take it, so an instance that died mid-update delays its chat
# by this much at most.
LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class Leased:
    """An update a worker has taken out of line; `token` proves the lease is still its own."""

    update_id: int
    token: datetime


def new_request_id() -> int:
    """An id for a request that brings none (KakaoTalk): above Telegram's update ids
    (under 2**32), in arrival order to the microsecond, random in the last byte so that
    two instances taking requests at once do not pick the same one."""
    return (time.time_ns() // 1000) << 8 | secrets.randbits(8)


def store_update(
    engine: Engine,
    *,
    update_id: int,
    chat_id: int | None,
    payload: str,
    ignored: str | None = None,
    channel: str = "telegram",
    channel_user_id: str | None = None,
) -> bool:
    """Store a raw update; False when this update_id was already stored (a redelivery).

    `ignored` (a reason) stores it as finished at once: kept only as a redelivery guard.
    """
    now = utcnow()
    values = {
        "update_id": update_id,
        "chat_id": chat_id,
        "channel": channel,
        "channel_user_id": channel_user_id,
        "payload": payload,
        "status": "pending" if ignored is None else "ignored",
        "attempts": 0,
        "received_at": now,
        "processed_at": None if ignored is None else now,
        "last_error": None if ignored is None else ignored[:255],
    }
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(InboxUpdate)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(col(InboxUpdate.update_id))
    )
    with engine.begin() as connection:
        stored = connection.execute(statement).first()
    return stored is not None


def claim_next(session: Session) -> InboxUpdate | None:
    """Lock the next update to process: the oldest new one whose chat has no earlier
    pending update, else the oldest retry that is due.

    New updates go first so that a backlog of failing ones (retried with a pause between
    attempts) never stands between a resident and their receipt; a chat's own updates
    still wait behind its failing one, so each chat keeps its order and only the chat
    that sent something unprocessable waits. The row stays locked (PostgreSQL) or the
    database write-locked (SQLite) until the caller's transaction ends.
    """
    for retry in (False, True):
        row = _first_ready(session, retry=retry)
        if row is not None:
            return row
    return None


def _first_ready(session: Session, *, retry: bool) -> InboxUpdate | None:
    # A chat's later updates wait while an earlier one is pending (being processed by
    # another instance, or waiting to be retried), so each chat is handled in order.
    earlier = aliased(InboxUpdate)
    blocked = (
        select(earlier.update_id)
        .where(
            earlier.status == "pending",
            earlier.chat_id == InboxUpdate.chat_id,
            earlier.update_id < InboxUpdate.update_id,
        )
        .exists()
    )
    statement = (
        select(InboxUpdate)
        .where(
            col(InboxUpdate.status) == "pending",
            # A KakaoTalk request is played by the skill request that stored it; the
            # worker takes it only when that request died with it (after a lease).
            (col(InboxUpdate.channel) != "kakao")
            | (col(InboxUpdate.received_at) < utcnow() - LEASE),
            col(InboxUpdate.attempts) > 0 if retry else col(InboxUpdate.attempts) == 0,
            or_(
                col(InboxUpdate.next_attempt_at).is_(None),
                col(InboxUpdate.next_attempt_at) <= utcnow(),
            ),
            ~blocked,
        )
        .order_by(col(InboxUpdate.update_id))
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Several instances claim concurrently here: skip rows others hold.
        statement = statement.with_for_update(skip_locked=True)
    return session.exec(statement).first()


def lease(session: Session, row: InboxUpdate, *, lease: timedelta = LEASE) -> Leased:
    """Take a claimed update out of line for `lease`; the caller commits at once.

    The worker can then do its slow part (triage) with no transaction open, and apply the
    update later in a short one (`hold`). Until the lease ends the row is not due, so no
    other instance takes it, and it is still pending, so its chat's later updates keep
    waiting behind it.
    """
    row.next_attempt_at = utcnow() + lease
    session.add(row)
    return Leased(row.update_id, row.next_attempt_at)


def hold(session: Session, leased: Leased) -> InboxUpdate | None:
    """Lock a leased update for applying it; None when it is no longer this lease's
    (processed, or taken over by another instance after the lease ran out)."""
    statement = select(InboxUpdate).where(col(InboxUpdate.update_id) == leased.update_id)
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update()
    row = session.exec(statement).first()
    if row is None or row.status != "pending" or row.next_attempt_at != leased.token:
        return None
    return row


def pending_up_to(session: Session, *, chat_id: int, update_id: int) -> list[InboxUpdate]:
    """A chat's pending updates up to this one, oldest first, locked for playing: a request
    answered at once must not overtake an earlier one still being played or left behind."""
    statement = (
        select(InboxUpdate)
        .where(
            col(InboxUpdate.chat_id) == chat_id,
            col(InboxUpdate.status) == "pending",
            col(InboxUpdate.update_id) <= update_id,
        )
        .order_by(col(InboxUpdate.update_id))
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update()
    return list(session.exec(statement))


def hold_pending(session: Session, update_id: int) -> InboxUpdate | None:
    """Lock a stored update that is still pending (to play it now); None otherwise."""
    statement = select(InboxUpdate).where(
        col(InboxUpdate.update_id) == update_id, col(InboxUpdate.status) == "pending"
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update()
    return session.exec(statement).first()


def mark_processed(session: Session, row: InboxUpdate) -> None:
    row.status = "processed"
    row.processed_at = utcnow()
    session.add(row)


def count_failure(session: Session, row: InboxUpdate, *, error: str) -> None:
    """Count a failed attempt in the caller's transaction (parked after MAX_ATTEMPTS)."""
    row.attempts += 1
    row.last_error = error[:255]
    row.next_attempt_at = utcnow() + FIRST_RETRY * 2 ** (row.attempts - 1)
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
    session.add(row)


def record_failure(engine: Engine, *, update_id: int, error: str) -> InboxUpdate | None:
    """Count a failed attempt; after MAX_ATTEMPTS the update is parked as failed, never
    deleted. Returns the row as it now stands."""
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(InboxUpdate, update_id)
        if row is None or row.status != "pending":
            return None
        row.attempts += 1
        row.last_error = error[:255]
        row.next_attempt_at = utcnow() + FIRST_RETRY * 2 ** (row.attempts - 1)
        if row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
        session.add(row)
        session.commit()
    return row


def count_failed(engine: Engine) -> int:
    """Updates parked after MAX_ATTEMPTS, waiting for an operator (`sagak inbox requeue`)."""
    with Session(engine) as session:
        statement = select(func.count()).where(col(InboxUpdate.status) == "failed")
        return int(session.exec(statement).one())


def count_pending(engine: Engine) -> int:
    with Session(engine) as session:
        statement = select(func.count()).where(col(InboxUpdate.status) == "pending")
        return int(session.exec(statement).one())


def requeue_failed(engine: Engine) -> int:
    """Put parked updates back in line (an operator's action after a fix)."""
    with engine.begin() as connection:
        result = connection.execute(
            update(InboxUpdate)
            .where(col(InboxUpdate.status) == "failed")
            .values(status="pending", attempts=0, next_attempt_at=None)
        )
    return int(result.rowcount)
