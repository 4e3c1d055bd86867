"""Erasing identity: a reporter's /forget, and group-chat updates that must not be kept.

/forget keeps every report (staff still need them) but removes who sent them: the reporter
row's Telegram user id and chat id become anonymous markers, the phone and consent go, and
the raw Telegram updates and sent calls that named the chat are redacted. Staff replies to
those cases can no longer be delivered, and each case says so.
"""

from __future__ import annotations

import json

from sqlalchemy import ColumnElement, or_, update
from sqlmodel import Session, col, select

from storage import audit
from storage.cases import record_event
from storage.models import Case, InboxUpdate, OutboxMessage, Reporter, Volunteer
from storage.rows import require_id
from storage.types import utcnow
from storage.vocabulary import ConversationState, ReporterRole

# Telegram chat ids are never 0, so nothing can be delivered to a forgotten reporter.
FORGOTTEN_CHAT_ID = 0
# Rows being sent right now count as finished: their payload is already in flight, and a
# row left with the chat id after its send completes would name the reporter for good.
_FINISHED_OUTBOX = ("sent", "failed", "undeliverable", "sending")


def forget_reporter(session: Session, *, reporter: Reporter, update_id: int | None) -> list[int]:
    """Erase the reporter's identity in the caller's transaction; returns their case ids.

    `update_id` is the update being processed (its raw copy names the user too).
    """
    reporter_id = require_id(reporter)
    chat_id = reporter.chat_id
    now = utcnow()
    case_rows = list(session.exec(select(Case).where(col(Case.reporter_id) == reporter_id)).all())
    for case in case_rows:
        case_id = require_id(case)
        case.reporter_unreachable = True
        case.updated_at = now
        session.add(case)
        record_event(session, case_id=case_id, kind="reporter_forgotten")
    # Negative ids are never Telegram users: the row stays (cases point at it) but names nobody.
    reporter.channel_user_id = str(-reporter_id)
    reporter.chat_id = FORGOTTEN_CHAT_ID
    reporter.phone = None
    reporter.contact_consent = False
    reporter.reachable = False
    reporter.forgotten_at = now
    reporter.state = ConversationState.IDLE
    reporter.open_case_id = None
    reporter.role = ReporterRole.RESIDENT
    reporter.burst_started_at = None
    reporter.updated_at = now
    session.add(reporter)
    for volunteer in session.exec(
        select(Volunteer).where(col(Volunteer.reporter_id) == reporter_id)
    ).all():
        volunteer.active = False
        session.add(volunteer)
    finished = col(InboxUpdate.status) != "pending"
    if update_id is not None:
        finished = or_(finished, col(InboxUpdate.update_id) == update_id)
    _redact_updates(session, (col(InboxUpdate.chat_id) == chat_id) & finished, "forgotten")
    # Calls still waiting (the goodbye among them) need the chat id to be delivered.
    session.execute(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.chat_id) == chat_id,
            col(OutboxMessage.status).in_(_FINISHED_OUTBOX),
        )
        .values(chat_id=FORGOTTEN_CHAT_ID, channel_user_id=None, payload={"redacted": "forgotten"})
        .execution_options(synchronize_session=False)
    )
    case_ids = [case.id for case in case_rows if case.id is not None]
    audit.record(
        session,
        action="reporter_forgotten",
        actor="reporter",
        detail={"reporter_id": reporter_id, "case_ids": case_ids},
    )
    return case_ids


def redact_update(session: Session, *, update_id: int, why: str) -> None:
    """Drop the raw content of one stored update, keeping its id (redeliveries stay no-ops)."""
    _redact_updates(session, col(InboxUpdate.update_id) == update_id, why)


def _redact_updates(session: Session, where: ColumnElement[bool], why: str) -> None:
    rows = session.exec(select(InboxUpdate).where(where)).all()
    for row in rows:
        row.payload = json.dumps({"update_id": row.update_id, "redacted": why})
        row.chat_id = None
        row.channel_user_id = None
        session.add(row)
