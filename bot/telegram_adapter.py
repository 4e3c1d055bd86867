"""Telegram at the edge: a Bot API update becomes an Inbound; a Reply becomes a Bot API call."""

from __future__ import annotations

from typing import Any

from telegram import ChatMember, Message, Update

from bot.catalog import t
from bot.inbound import Inbound, Keyboard, Kind, MediaFile, Reply


def chat_id_of(data: dict[str, Any]) -> int | None:
    """The chat an update belongs to, read from the raw JSON (for ordering the inbox)."""
    for key in ("message", "edited_message", "my_chat_member", "channel_post"):
        body = data.get(key)
        if isinstance(body, dict) and isinstance(body.get("chat"), dict):
            chat_id = body["chat"].get("id")
            return chat_id if isinstance(chat_id, int) else None
    callback = data.get("callback_query")
    if isinstance(callback, dict) and isinstance(callback.get("from"), dict):
        user_id = callback["from"].get("id")
        return user_id if isinstance(user_id, int) else None
    return None


def to_inbound(data: dict[str, Any]) -> Inbound:
    """Read a raw update; anything we do not use becomes Kind.IGNORED."""
    update = Update.de_json(data, None)
    if update.my_chat_member is not None:
        member = update.my_chat_member
        blocked = member.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
        return Inbound(
            kind=Kind.BLOCKED if blocked and member.chat.type == "private" else Kind.IGNORED,
            chat_id=member.chat.id,
            user_id=member.from_user.id,
        )
    if update.edited_message is not None:
        return _message(update.edited_message, edited=True)
    if update.message is not None:
        return _message(update.message, edited=False)
    return Inbound(kind=Kind.IGNORED)


def _message(message: Message, *, edited: bool) -> Inbound:
    user = message.from_user
    base: dict[str, Any] = {
        "chat_id": message.chat.id,
        "user_id": user.id if user else None,
        "private": message.chat.type == "private",
        "language_code": user.language_code if user else None,
        "message_id": message.message_id,
    }
    text = message.text or message.caption or ""
    if edited:
        return Inbound(kind=Kind.EDIT if text else Kind.IGNORED, text=text, **base)
    if message.text is not None:
        if message.text.startswith("/"):
            head, _, argument = message.text.partition(" ")
            command = head[1:].split("@")[0].lower()
            return Inbound(
                kind=Kind.COMMAND, text=text, command=command, argument=argument.strip(), **base
            )
        return Inbound(kind=Kind.TEXT, text=text, **base)
    if message.location is not None:
        return Inbound(
            kind=Kind.LOCATION,
            latitude=message.location.latitude,
            longitude=message.location.longitude,
            **base,
        )
    if message.photo:
        largest = message.photo[-1]
        media = MediaFile(largest.file_id, largest.file_unique_id, "image/jpeg", largest.file_size)
        return Inbound(kind=Kind.PHOTO, text=text, media=media, **base)
    for kind, attachment in (
        (Kind.VOICE, message.voice),
        (Kind.VIDEO, message.video),
        (Kind.DOCUMENT, message.document),
        (Kind.VOICE, message.audio),
    ):
        if attachment is not None:
            media = MediaFile(
                attachment.file_id,
                attachment.file_unique_id,
                getattr(attachment, "mime_type", None),
                attachment.file_size,
            )
            return Inbound(kind=kind, text=text, media=media, **base)
    if message.new_chat_members or message.left_chat_member or message.group_chat_created:
        return Inbound(kind=Kind.IGNORED, **base)
    return Inbound(kind=Kind.UNSUPPORTED, **base)


def to_call(reply: Reply) -> tuple[str, dict[str, Any]]:
    """The Bot API method and parameters that deliver a reply."""
    payload: dict[str, Any] = {"chat_id": reply.chat_id, "text": reply.text}
    if reply.keyboard is Keyboard.ASK_LOCATION:
        payload["reply_markup"] = {
            "keyboard": [
                [{"text": t(reply.language, "button.share_location"), "request_location": True}],
                [{"text": t(reply.language, "button.skip")}],
            ],
            "resize_keyboard": True,
            "one_time_keyboard": True,
        }
    elif reply.keyboard is Keyboard.REMOVE:
        payload["reply_markup"] = {"remove_keyboard": True}
    payload.update(reply.extra)
    return "sendMessage", payload
