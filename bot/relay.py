"""Staff replies relayed to the reporter, so staff never need the reporter's identity."""

from __future__ import annotations

from sqlmodel import Session

from bot.catalog import t
from bot.inbound import Reply
from bot.outgoing import enqueue_reply
from storage import cases
from storage.models import Case, Message, Reporter
from storage.rows import require_id

MAX_REPLY_LENGTH = 3500  # Telegram allows 4096; leave room for the header


class RelayError(ValueError):
    """The reply cannot be relayed (no reporter on the case, or bad text)."""


def relay_staff_reply(session: Session, *, case: Case, staff_id: int, text: str) -> Message:
    """Queue a staff member's reply to the case's reporter; returns the timeline message."""
    text = text.strip()
    if not text:
        raise RelayError("reply text is empty")
    if len(text) > MAX_REPLY_LENGTH:
        raise RelayError(f"reply text is longer than {MAX_REPLY_LENGTH} characters")
    reporter = session.get(Reporter, case.reporter_id) if case.reporter_id else None
    if reporter is None:
        raise RelayError("this case has no reporter to reply to")
    if reporter.forgotten_at is not None:
        # /forget erased the chat: nothing could reach them, so refuse now, not silently.
        raise RelayError("the reporter erased their contact data; replies cannot reach them")
    case_id = require_id(case)
    body = t(reporter.language, "staff.reply", reference=case.reference, text=text)
    message = enqueue_reply(
        session,
        Reply(reporter.chat_id, body, reporter.language, case_id=case_id),
        author="staff",
        staff_id=staff_id,
    )
    cases.record_event(session, case_id=case_id, kind="reply_sent", staff_id=staff_id)
    assert message is not None
    return message
