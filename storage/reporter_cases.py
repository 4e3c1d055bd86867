"""Cases as their reporter sees and changes them: own cases only, answers, edits, splits.

Every lookup here is scoped to one reporter: a button press or an edit can only ever reach
a case that reporter sent (a forged callback naming another case finds nothing).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.cases import record_event
from storage.models import Attachment, Case, Message
from storage.rows import require_id
from storage.types import utcnow

# The keys triage.assess(facts=...) reads; nothing else is stored in Case.facts by the bot.
FACT_KEYS = frozenset(
    {
        "lives_alone",
        "age_band",
        "children",
        "disability",
        "elderly",
        "crisis_types",
        "reporter_urgency",
        "source",
        "signs",  # a volunteer's field-tip checklist
        "seen",  # when the volunteer saw it (kept for staff; triage does not weigh it)
        # What the reporter said about a danger to life: floors, see storage.life_at_risk.
        "danger_now",
        "self_crisis",
    }
)


def owned_case(session: Session, *, reporter_id: int, case_id: int) -> Case | None:
    """The case if `reporter_id` reported it; None otherwise."""
    case = session.get(Case, case_id)
    if case is None or case.reporter_id != reporter_id:
        return None
    return case


def cases_of(session: Session, *, reporter_id: int, limit: int = 10) -> list[Case]:
    """The reporter's most recent cases, newest first."""
    statement = (
        select(Case)
        .where(col(Case.reporter_id) == reporter_id)
        .order_by(col(Case.created_at).desc(), col(Case.id).desc())
        .limit(limit)
    )
    return list(session.exec(statement).all())


def count_created_since(session: Session, *, reporter_id: int, since: datetime) -> int:
    statement = select(func.count()).where(
        col(Case.reporter_id) == reporter_id, col(Case.created_at) >= since
    )
    return int(session.exec(statement).one())


def sent_message(session: Session, *, reporter_id: int, telegram_message_id: int) -> Message | None:
    """The stored copy of a chat message the reporter sent (to apply their edit)."""
    statement = (
        select(Message)
        .join(Case, col(Case.id) == col(Message.case_id))
        .where(
            col(Case.reporter_id) == reporter_id,
            col(Message.direction) == "in",
            col(Message.telegram_message_id) == telegram_message_id,
        )
        .order_by(col(Message.id).desc())
    )
    return session.exec(statement).first()


def inbound_message(session: Session, *, case_id: int, message_id: int) -> Message | None:
    """A message the reporter sent on `case_id` (not one of ours)."""
    message = session.get(Message, message_id)
    if message is None or message.case_id != case_id or message.direction != "in":
        return None
    return message


def inbound_texts(session: Session, *, case_id: int) -> list[str]:
    """Everything the reporter wrote on a case, oldest first (for re-assessment)."""
    statement = (
        select(Message.text)
        .where(col(Message.case_id) == case_id, col(Message.direction) == "in")
        .order_by(col(Message.id))
    )
    return [text for text in session.exec(statement).all() if text]


def has_attachments(session: Session, *, case_id: int) -> bool:
    statement = select(Attachment.id).where(col(Attachment.case_id) == case_id).limit(1)
    return session.exec(statement).first() is not None


def set_facts(session: Session, *, case: Case, changes: dict[str, Any]) -> bool:
    """Merge answers into the case's facts; True when something changed (then recorded)."""
    unknown = set(changes) - FACT_KEYS
    if unknown:
        raise ValueError(f"not a fact key: {sorted(unknown)}")
    facts = dict(case.facts or {})
    changed = {key: value for key, value in changes.items() if facts.get(key) != value}
    if not changed:
        return False
    facts.update(changed)
    case.facts = facts  # a new dict, so the JSON column is seen as changed
    case.updated_at = utcnow()
    session.add(case)
    case_id = require_id(case)
    record_event(session, case_id=case_id, kind="facts_updated", data=changed)
    return True


def edit_message(session: Session, *, message: Message, text: str) -> bool:
    """Apply the reporter's edit; the earlier wording stays in the case's history."""
    if message.text == text:
        return False
    record_event(
        session,
        case_id=message.case_id,
        kind="message_edited",
        data={"message_id": message.id, "before": message.text, "after": text},
    )
    message.text = text
    message.edited_at = utcnow()
    session.add(message)
    return True


def move_message(session: Session, *, message: Message, to_case_id: int) -> None:
    """Move a reporter's message (and its attachments) to another of their cases."""
    from_case_id = message.case_id
    message.case_id = to_case_id
    session.add(message)
    statement = select(Attachment).where(col(Attachment.message_id) == message.id)
    for attachment in session.exec(statement).all():
        attachment.case_id = to_case_id
        session.add(attachment)
    record_event(
        session,
        case_id=from_case_id,
        kind="split_off",
        data={"message_id": message.id, "to_case_id": to_case_id},
    )
    record_event(
        session,
        case_id=to_case_id,
        kind="split_from",
        data={"message_id": message.id, "from_case_id": from_case_id},
    )
