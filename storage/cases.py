"""Cases and their timelines: creating, finding, listing in queue order, changing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case as sql_case
from sqlmodel import Session, col, select

from storage.models import Attachment, Case, CaseEvent, Message
from storage.types import utcnow
from triage import PRIORITY_RANK, Assessment, Priority, due_at

# No 0/O, 1/I/L: references are read aloud over the phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
STATUSES = ("new", "in_progress", "help_arranged", "closed")
OUTCOMES = (
    "visited",
    "public_benefit",
    "partner_referral",
    "no_need",
    "unreachable",
    "duplicate",
)
SUMMARY_LENGTH = 120


def new_reference(session: Session) -> str:
    """A short unique reference such as SG-7KQ4M2."""
    while True:
        reference = "SG-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
        if session.exec(select(Case.id).where(col(Case.reference) == reference)).first() is None:
            return reference


def summarize(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_LENGTH else flat[: SUMMARY_LENGTH - 1] + "…"


def create_case(
    session: Session,
    *,
    reporter_id: int,
    text: str,
    assessment: Assessment,
    source: str = "resident",
    now: datetime | None = None,
) -> Case:
    """Open a case for a new report and record its triage."""
    now = now or utcnow()
    case = Case(
        reference=new_reference(session),
        reporter_id=reporter_id,
        source=source,
        summary=summarize(text),
        created_at=now,
        updated_at=now,
    )
    _apply_assessment(case, assessment)
    session.add(case)
    session.flush()
    record_event(
        session,
        case_id=_id(case),
        kind="created",
        data={"priority": case.priority, "reasons": case.reasons},
    )
    return case


def reassess(session: Session, *, case: Case, assessment: Assessment) -> bool:
    """Raise a case's priority when new words warrant it; staff-set priorities stand."""
    if case.priority_set_by_staff:
        return False
    if PRIORITY_RANK[assessment.priority] >= PRIORITY_RANK[Priority(case.priority)]:
        return False
    before = case.priority
    _apply_assessment(case, assessment)
    case.updated_at = utcnow()
    session.add(case)
    record_event(
        session,
        case_id=_id(case),
        kind="priority_raised",
        data={"from": before, "to": case.priority, "reasons": case.reasons},
    )
    return True


def _apply_assessment(case: Case, assessment: Assessment) -> None:
    case.priority = assessment.priority.value
    case.score = assessment.score
    case.reasons = [reason.to_dict() for reason in assessment.reasons]
    case.due_at = due_at(case.created_at, assessment.priority)


def set_priority(session: Session, *, case: Case, priority: Priority) -> None:
    case.priority = priority.value
    case.priority_set_by_staff = True
    case.due_at = due_at(case.created_at, priority)


def add_message(
    session: Session,
    *,
    case_id: int,
    direction: str,
    author: str,
    text: str,
    kind: str = "text",
    staff_id: int | None = None,
    telegram_message_id: int | None = None,
) -> Message:
    message = Message(
        case_id=case_id,
        direction=direction,
        author=author,
        text=text,
        kind=kind,
        staff_id=staff_id,
        telegram_message_id=telegram_message_id,
        delivery="pending" if direction == "out" else None,
    )
    session.add(message)
    session.flush()
    return message


def add_attachment(session: Session, *, case_id: int, message_id: int, **fields: Any) -> Attachment:
    attachment = Attachment(case_id=case_id, message_id=message_id, **fields)
    session.add(attachment)
    return attachment


def record_event(
    session: Session,
    *,
    case_id: int,
    kind: str,
    staff_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    session.add(CaseEvent(case_id=case_id, kind=kind, staff_id=staff_id, data=data or {}))


@dataclass(frozen=True)
class QueueFilter:
    """Which cases a listing may show: `teams` None means every team."""

    teams: tuple[str, ...] | None = None
    status: str | None = None
    priority: str | None = None
    limit: int = 100
    offset: int = 0


def list_queue(session: Session, *, where: QueueFilter) -> list[Case]:
    """Cases most urgent first: open before closed, then priority, due time and age."""
    rank = sql_case(
        *((col(Case.priority) == p.value, r) for p, r in PRIORITY_RANK.items()),
        else_=len(PRIORITY_RANK),
    )
    closed_last = sql_case((col(Case.status) == "closed", 1), else_=0)
    statement = select(Case)
    if where.teams is not None:
        statement = statement.where(col(Case.team).in_(where.teams) | col(Case.team).is_(None))
    if where.status:
        statement = statement.where(col(Case.status) == where.status)
    if where.priority:
        statement = statement.where(col(Case.priority) == where.priority)
    statement = (
        statement.order_by(closed_last, rank, col(Case.due_at), col(Case.created_at), col(Case.id))
        .limit(where.limit)
        .offset(where.offset)
    )
    return list(session.exec(statement).all())


def timeline(session: Session, *, case_id: int) -> list[Message]:
    return list(
        session.exec(
            select(Message).where(col(Message.case_id) == case_id).order_by(col(Message.id))
        ).all()
    )


def attachments(session: Session, *, case_id: int) -> list[Attachment]:
    return list(
        session.exec(
            select(Attachment)
            .where(col(Attachment.case_id) == case_id)
            .order_by(col(Attachment.id))
        ).all()
    )


def events(session: Session, *, case_id: int) -> list[CaseEvent]:
    return list(
        session.exec(
            select(CaseEvent).where(col(CaseEvent.case_id) == case_id).order_by(col(CaseEvent.id))
        ).all()
    )


def _id(row: Case) -> int:
    assert row.id is not None, "flush before using the id"
    return row.id
