"""The inbox: raw Telegram updates, stored durably before the webhook answers."""

from __future__ import annotations

from datetime import timedelta

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


def store_update(engine: Engine, *, update_id: int, chat_id: int | None, payload: str) -> bool:
    """Store a raw update; False when this update_id was already stored (a redelivery)."""
    values = {
        "update_id": update_id,
        "chat_id": chat_id,
        "payload": payload,
        "status": "pending",
        "attempts": 0,
        "received_at": utcnow(),
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
    """Lock the oldest pending update whose chat has no earlier pending update.

    The row stays locked (PostgreSQL) or the database stays write-locked (SQLite) until
    the caller's transaction ends, so marking it processed commits with its effects.
    """
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


def mark_processed(session: Session, row: InboxUpdate) -> None:
    row.status = "processed"
    row.processed_at = utcnow()
    session.add(row)


def record_failure(engine: Engine, *, update_id: int, error: str) -> None:
    """Count a failed attempt; after MAX_ATTEMPTS the update is parked as failed, never deleted."""
    with Session(engine) as session:
        row = session.get(InboxUpdate, update_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:255]
        row.next_attempt_at = utcnow() + FIRST_RETRY * 2 ** (row.attempts - 1)
        if row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
        session.add(row)
        session.commit()


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
