"""The outbox: Bot API calls written with the change that caused them, sent after commit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.models import Case, CaseEvent, Message, OutboxMessage, Reporter
from storage.types import utcnow

CLAIM_LEASE = timedelta(seconds=60)
_OPEN = ("pending", "sending")


def enqueue(
    session: Session,
    *,
    chat_id: int,
    method: str,
    payload: dict[str, Any],
    message_id: int | None = None,
    case_id: int | None = None,
) -> OutboxMessage:
    """Add a Bot API call to the outbox within the caller's transaction."""
    row = OutboxMessage(
        chat_id=chat_id, method=method, payload=payload, message_id=message_id, case_id=case_id
    )
    session.add(row)
    return row


def candidates(engine: Engine, *, limit: int = 500) -> list[OutboxMessage]:
    """The oldest unfinished row of each chat, in id order (later rows wait their turn)."""
    with Session(engine, expire_on_commit=False) as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status.in_(_OPEN))  # type: ignore[attr-defined]
            .order_by(OutboxMessage.id)  # type: ignore[arg-type]
            .limit(limit)
        ).all()
    heads: dict[int, OutboxMessage] = {}
    for row in rows:
        heads.setdefault(row.chat_id, row)
    return list(heads.values())


def is_due(row: OutboxMessage, now: datetime) -> bool:
    if row.status == "sending":
        return row.claimed_until is not None and row.claimed_until <= now
    return row.next_attempt_at <= now


def claim(engine: Engine, *, row_id: int, now: datetime) -> bool:
    """Take a due row for sending; False when another worker holds it."""
    with engine.begin() as connection:
        result = connection.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row_id,  # type: ignore[arg-type]
                or_(
                    (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now),  # type: ignore[arg-type, operator]
                    (OutboxMessage.status == "sending") & (OutboxMessage.claimed_until <= now),  # type: ignore[arg-type, operator]
                ),
            )
            .values(status="sending", claimed_until=now + CLAIM_LEASE)
        )
    return result.rowcount == 1


def mark_sent(engine: Engine, *, row_id: int, telegram_message_id: int | None) -> None:
    now = utcnow()
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        if row is None:
            return
        row.status = "sent"
        row.sent_at = now
        row.attempts += 1
        row.telegram_message_id = telegram_message_id
        row.claimed_until = None
        session.add(row)
        _set_delivery(
            session, row, delivery="sent", at=now, telegram_message_id=telegram_message_id
        )
        session.commit()


def mark_retry(engine: Engine, *, row_id: int, delay: timedelta, error: str, count: bool) -> None:
    """Put the row back in line after `delay`; `count` is False for 429s, which are not failures."""
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        if row is None:
            return
        row.status = "pending"
        row.claimed_until = None
        row.next_attempt_at = utcnow() + delay
        row.last_error = error[:255]
        if count:
            row.attempts += 1
        session.add(row)
        session.commit()


def mark_undeliverable(engine: Engine, *, row_id: int, error: str, blocked: bool) -> None:
    """Give up on a row Telegram refused for good; the case shows it."""
    now = utcnow()
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        if row is None:
            return
        row.status = "undeliverable" if blocked else "failed"
        row.claimed_until = None
        row.attempts += 1
        row.last_error = error[:255]
        session.add(row)
        _set_delivery(session, row, delivery=row.status, at=None, error=error)
        if blocked:
            session.execute(
                update(Reporter)
                .where(Reporter.chat_id == row.chat_id)  # type: ignore[arg-type]
                .values(reachable=False)
            )
        if row.case_id is not None and blocked:
            case = session.get(Case, row.case_id)
            if case is not None and not case.reporter_unreachable:
                case.reporter_unreachable = True
                case.updated_at = now
                session.add(case)
                session.add(
                    CaseEvent(case_id=case.id, kind="reporter_unreachable", data={"error": error})
                )
        session.commit()


def _set_delivery(
    session: Session,
    row: OutboxMessage,
    *,
    delivery: str,
    at: datetime | None,
    telegram_message_id: int | None = None,
    error: str | None = None,
) -> None:
    if row.message_id is None:
        return
    message = session.get(Message, row.message_id)
    if message is None:
        return
    message.delivery = delivery
    message.delivered_at = at
    message.telegram_message_id = telegram_message_id
    message.delivery_error = error[:255] if error else None
    session.add(message)


def next_wakeup(engine: Engine) -> datetime | None:
    """When the earliest waiting row becomes due, for the dispatcher's sleep."""
    with Session(engine) as session:
        pending = session.scalar(
            select(OutboxMessage.next_attempt_at)
            .where(OutboxMessage.status == "pending")  # type: ignore[arg-type]
            .order_by(OutboxMessage.next_attempt_at)  # type: ignore[arg-type]
            .limit(1)
        )
    return pending


def count_open(engine: Engine) -> int:
    with Session(engine) as session:
        return len(
            session.scalars(
                select(OutboxMessage.id).where(OutboxMessage.status.in_(_OPEN))  # type: ignore[attr-defined]
            ).all()
        )
