"""Replies into the outbox: every Bot API call is a row written with the change it answers."""

from __future__ import annotations

from sqlmodel import Session

from bot.inbound import Reply
from bot.telegram_adapter import to_call
from storage import cases, outbox
from storage.models import Message


def enqueue_reply(
    session: Session,
    reply: Reply,
    *,
    author: str = "bot",
    staff_id: int | None = None,
    timeline: bool = True,
) -> Message | None:
    """Put a reply in the outbox; replies about a case also go on its timeline, unless
    `timeline` is False (a message to someone else about the case, e.g. a volunteer: the
    row still belongs to the case, so erasing the case erases it too)."""
    method, payload = to_call(reply)
    message: Message | None = None
    message_id = None
    if reply.case_id is not None and timeline:
        message = cases.add_message(
            session,
            case_id=reply.case_id,
            direction="out",
            author=author,
            text=reply.text,
            staff_id=staff_id,
        )
        message_id = message.id
    outbox.enqueue(
        session,
        chat_id=reply.chat_id,
        method=method,
        payload=payload,
        message_id=message_id,
        case_id=reply.case_id,
        urgent=reply.urgent,
    )
    return message
