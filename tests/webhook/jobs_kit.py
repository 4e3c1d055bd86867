"""Reading what the scheduled jobs did: outbox rows and case history."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage.models import CaseEvent, OutboxMessage

# A Monday, 00:00 UTC = 09:00 in Seoul.
MONDAY_9_SEOUL = datetime(2025, 1, 6, 0, 0, tzinfo=UTC)


def outbox_texts(engine: Engine, chat_id: int) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.chat_id) == chat_id)
            .order_by(col(OutboxMessage.id))
        ).all()
        return [str(row.payload.get("text", "")) for row in rows]


def event_kinds(engine: Engine, case_id: int) -> list[str]:
    with Session(engine) as session:
        statement = (
            select(CaseEvent.kind)
            .where(col(CaseEvent.case_id) == case_id)
            .order_by(col(CaseEvent.id))
        )
        return list(session.exec(statement).all())
