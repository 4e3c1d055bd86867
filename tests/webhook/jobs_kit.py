"""Reading what the scheduled jobs did: outbox rows and case history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage.models import Case, CaseEvent, OutboxMessage

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


def alert_times(engine: Engine, case_id: int) -> list[datetime]:
    """When the SLA sweep alerted about a case: its overdue time at each alert, plus due."""
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        rows = session.exec(
            select(CaseEvent.data)
            .where(col(CaseEvent.case_id) == case_id, col(CaseEvent.kind) == "sla_breached")
            .order_by(col(CaseEvent.id))
        ).all()
        return [case.due_at + timedelta(minutes=int(data["overdue_minutes"])) for data in rows]
