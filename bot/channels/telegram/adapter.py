"""Telegram at the edge: a Bot API update becomes an Inbound; a Reply becomes a Bot API call."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from telegram import CallbackQuery, ChatMember, Message, Update

from bot.inbound import Inbound, Kind, MediaFile

log = logging.getLogger(__name__)


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
    try:
        update = Update.de_json(data, None)
    except Exception as error:  # PTB raises anything on an odd field
        # Telegram added a field our PTB version insists on, or a field sagak does not read
        # has an odd shape (the webhook checked the ones it reads): keep the words.
        log.warning(
            "update %s not parsed by PTB (%s); read from raw JSON", data.get("update_id"), error
        )
        return _raw_message(data)
    update_id = update.update_id
    if update.my_chat_member is not None:
        member = update.my_chat_member
        private = member.chat.type == "private"
        gone = (ChatMember.BANNED, ChatMember.LEFT)
        kind = Kind.IGNORED
        if private and member.new_chat_member.status in gone:
            kind = Kind.BLOCKED
        elif (
            not private
            and member.old_chat_member.status in gone
            and member.new_chat_member.status not in gone
        ):
            kind = Kind.ADDED_TO_GROUP
        return Inbound(
            kind=kind,
            chat_id=member.chat.id,
            user_id=member.from_user.id,
            private=private,
            language_code=member.from_user.language_code,
            update_id=update_id,
        )
    if update.callback_query is not None:
        return _callback(update.callback_query, update_id)
    if update.edited_message is not None:
        return _message(update.edited_message, edited=True, update_id=update_id)
    if update.message is not None:
        return _message(update.message, edited=False, update_id=update_id)
    return Inbound(kind=Kind.IGNORED, update_id=update_id)


def _callback(query: CallbackQuery, update_id: int) -> Inbound:
    message = query.message
    chat = message.chat if message is not None else None
    return Inbound(
        kind=Kind.CALLBACK,
        # Buttons only ever sit in private chats with the reporter, where chat id = user id.
        chat_id=chat.id if chat is not None else query.from_user.id,
        user_id=query.from_user.id,
        private=chat is None or chat.type == "private",
        language_code=query.from_user.language_code,
        message_id=message.message_id if message is not None else None,
        update_id=update_id,
        callback_id=query.id,
        callback_data=query.data or "",
    )


def _message(message: Message, *, edited: bool, update_id: int) -> Inbound:
    user = message.from_user
    base: dict[str, Any] = {
        "chat_id": message.chat.id,
        "user_id": user.id if user else None,
        "private": message.chat.type == "private",
        "language_code": user.language_code if user else None,
        "message_id": message.message_id,
        "update_id": update_id,
        "sent_at": (message.edit_date or message.date) if edited else message.date,
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
    if message.contact is not None:
        contact = message.contact
        own = user is not None and contact.user_id == user.id
        name = " ".join(p for p in (contact.first_name, contact.last_name) if p)
        return Inbound(
            kind=Kind.CONTACT,
            text=f"{name} {contact.phone_number}".strip(),
            phone=contact.phone_number,
            own_contact=own,
            **base,
        )
    if message.location is not None:  # a venue carries a location too
        return Inbound(
            kind=Kind.LOCATION,
            text=message.venue.address if message.venue is not None else "",
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
        (Kind.VIDEO, message.video_note),
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
    # Stickers, polls, games, dice, stories...: answered with a hint, never stored on a case.
    return Inbound(kind=Kind.UNSUPPORTED, **base)


def _raw_message(data: dict[str, Any]) -> Inbound:
    """The essentials of a message update from its JSON, for updates PTB cannot parse."""
    update_id = data.get("update_id") if isinstance(data.get("update_id"), int) else None
    edited = isinstance(data.get("edited_message"), dict)
    raw = data.get("edited_message") if edited else data.get("message")
    if not isinstance(raw, dict) or not isinstance(raw.get("chat"), dict):
        return Inbound(kind=Kind.IGNORED, update_id=update_id)
    body: dict[str, Any] = raw
    chat: dict[str, Any] = body["chat"]
    sender: dict[str, Any] = body["from"] if isinstance(body.get("from"), dict) else {}
    text = body.get("text") or body.get("caption") or ""
    text = text if isinstance(text, str) else ""
    date = body.get("edit_date" if edited else "date")
    kind = Kind.UNSUPPORTED
    if text:
        kind = Kind.EDIT if edited else Kind.COMMAND if text.startswith("/") else Kind.TEXT
    head = text.partition(" ")[0]
    return Inbound(
        kind=kind,
        chat_id=chat.get("id"),
        user_id=sender.get("id"),
        private=chat.get("type") == "private",
        language_code=sender.get("language_code"),
        text=text,
        command=head[1:].split("@")[0].lower() if kind is Kind.COMMAND else None,
        argument=text.partition(" ")[2].strip() if kind is Kind.COMMAND else "",
        message_id=body.get("message_id"),
        update_id=update_id,
        sent_at=datetime.fromtimestamp(date, UTC) if isinstance(date, int) else None,
    )
