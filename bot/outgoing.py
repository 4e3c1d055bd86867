"""Replies into the outbox: every message out is a row written with the change it answers.

Each channel stores its own form: Telegram rows are Bot API calls the dispatcher makes;
KakaoTalk rows wait for the resident's next skill request or the Event API.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.channels.kakao.replies import to_kakao
from bot.channels.telegram.calls import to_call
from bot.inbound import Reply
from storage import cases, outbox, reporters
from storage.channels import Channel, channel_of_chat
from storage.models import Message


def enqueue_reply(
    session: Session,
    reply: Reply,
    *,
    author: str = "bot",
    staff_id: int | None = None,
    timeline: bool = True,
    channel_user_id: str | None = None,
) -> Message | None:
    """Put a reply in the outbox; replies about a case also go on its timeline, unless
    `timeline` is False (a message to someone else about the case, e.g. a volunteer: the
    row still belongs to the case, so erasing the case erases it too). `channel_user_id`:
    the recipient's key when the caller knows it (a KakaoTalk turn answering its resident,
    whose reporter row /forget may just have erased)."""
    channel = channel_of_chat(reply.chat_id)
    user_key: str | None = None
    call: tuple[str, dict[str, Any]] | None
    if channel is Channel.KAKAO:
        call = to_kakao(reply)
        user_key = channel_user_id
        if user_key is None:
            recipient = reporters.find_by_chat(session, channel=channel, chat_id=reply.chat_id)
            user_key = recipient.channel_user_id if recipient is not None else None
    else:
        call = to_call(reply)
    if call is None:
        return None  # nothing this channel can show (e.g. redrawing buttons in KakaoTalk)
    method, payload = call
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
        if channel is Channel.KAKAO:
            message.delivery = "waiting"
            session.add(message)
    outbox.enqueue(
        session,
        chat_id=reply.chat_id,
        method=method,
        payload=payload,
        message_id=message_id,
        case_id=reply.case_id,
        urgent=reply.urgent,
        channel=channel,
        channel_user_id=user_key,
    )
    return message
