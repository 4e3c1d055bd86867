"""The webhook's door: a raw body becomes a checked, cleaned update, or a clear refusal.

Telegram only ever sends UTF-8 JSON objects of a known shape. Anything else comes from
someone holding the secret (or a bug) and is refused with 400 before it is stored, so the
worker never meets a body it cannot read; an update of a kind sagak does not use is stored
as ignored at once. Text is cleaned here, once: NUL (PostgreSQL refuses it) is removed and
lone surrogates (no encoding can store them) become U+FFFD.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.channels.json_body import UnreadableBody, read_object
from bot.channels.telegram.adapter import chat_id_of

# The last second datetime can hold: a later "date" is no date Telegram sends.
MAX_DATE = 253_402_300_799
# Telegram's limit for a message's text and a caption (UTF-16 units, so never fewer
# characters): a longer one is no message Telegram delivers.
MAX_TEXT = 4096

# The update kinds sagak reads; every other kind is stored as ignored.
MESSAGE_KINDS = ("message", "edited_message")
HANDLED_KINDS = (*MESSAGE_KINDS, "callback_query", "my_chat_member")
MEDIA_FIELDS = ("voice", "video", "video_note", "document", "audio")

_JSON_NAMES = {
    "int": "an integer",
    "number": "a number",
    "str": "a string",
    "dict": "an object",
    "list": "an array",
}


class BadUpdate(ValueError):
    """A body Telegram would never send; the message says what is wrong (for the 400)."""


@dataclass(frozen=True)
class Intake:
    """A checked update, ready to be stored."""

    update_id: int
    chat_id: int | None
    payload: str  # the cleaned update as JSON
    ignored: str | None = None  # why sagak will not act on it, when it will not


def read_update(body: bytes) -> Intake:
    """Check and clean a webhook body; raises BadUpdate for anything Telegram never sends."""
    try:
        data = read_object(body)
    except UnreadableBody as error:
        message = str(error).replace("a JSON object", "a Telegram update (not a JSON object)")
        raise BadUpdate(message) from None
    update_id: Any = data.get("update_id")
    if not _is_int(update_id) or update_id < 0:
        raise BadUpdate("body is not a Telegram update (no integer update_id)")
    kinds = [kind for kind in HANDLED_KINDS if kind in data]
    if not kinds:
        unknown = sorted(key for key in data if key != "update_id")
        reason = f"update kind not used by sagak: {', '.join(unknown[:3]) or 'none'}"
        return Intake(update_id, None, _redacted(update_id, reason), ignored=reason)
    if len(kinds) > 1:
        raise BadUpdate(f"update carries more than one kind: {', '.join(kinds)}")
    kind = kinds[0]
    if kind in MESSAGE_KINDS:
        _check_message(data[kind], kind)
    elif kind == "callback_query":
        _check_callback(data[kind])
    else:
        _check_member(data[kind])
    return Intake(update_id, chat_id_of(data), json.dumps(data, ensure_ascii=False))


def _redacted(update_id: int, reason: str) -> str:
    """What is kept of an ignored update: its id (a redelivery guard) and why."""
    return json.dumps({"update_id": update_id, "ignored": reason}, ensure_ascii=False)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _field(
    body: dict[str, Any],
    key: str,
    kind: type | str,
    where: str,
    *,
    required: bool,
    longest: int | None = None,
) -> Any:
    """One field of a known type; "int"/"number" are ints (not bools) and finite numbers.

    `longest` bounds a string Telegram keeps short (ids, codes) to what its column holds.
    """
    value = body.get(key)
    if value is None:
        if required:
            raise BadUpdate(f"{where}.{key} is missing")
        return None
    if kind == "int":
        ok = _is_int(value)
    elif kind == "number":
        ok = _is_int(value) or isinstance(value, float)
    else:
        ok = isinstance(value, kind)  # type: ignore[arg-type]
    if not ok:
        name = kind if isinstance(kind, str) else kind.__name__
        raise BadUpdate(f"{where}.{key} must be {_JSON_NAMES[name]}")
    if longest is not None and len(value) > longest:
        raise BadUpdate(f"{where}.{key} is longer than {longest} characters")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadUpdate(f"{where} must be an object")
    return value


def _check_user(body: dict[str, Any], key: str, where: str, *, required: bool) -> None:
    user = _field(body, key, dict, where, required=required)
    if user is not None:
        _field(user, "id", "int", f"{where}.{key}", required=True)
        _field(user, "language_code", str, f"{where}.{key}", required=False, longest=35)


def _check_chat(body: dict[str, Any], where: str) -> dict[str, Any]:
    chat = _object(body.get("chat"), f"{where}.chat")
    _field(chat, "id", "int", f"{where}.chat", required=True)
    _field(chat, "type", str, f"{where}.chat", required=True)
    return chat


def _check_date(body: dict[str, Any], key: str, where: str, *, required: bool) -> None:
    date = _field(body, key, "int", where, required=required)
    if date is not None and not 0 <= date <= MAX_DATE:
        raise BadUpdate(f"{where}.{key} is not a date")


def _check_message(value: Any, where: str) -> None:
    """The fields the adapter reads from a message, with the types Telegram gives them."""
    message = _object(value, where)
    chat = _check_chat(message, where)
    # Only messages to channels come without a sender; a private chat always has one.
    _check_user(message, "from", where, required=chat["type"] == "private")
    _field(message, "message_id", "int", where, required=True)
    _check_date(message, "date", where, required=True)
    _check_date(message, "edit_date", where, required=False)
    _field(message, "text", str, where, required=False, longest=MAX_TEXT)
    _field(message, "caption", str, where, required=False, longest=MAX_TEXT)
    location = _field(message, "location", dict, where, required=False)
    if location is not None:
        for key, bound in (("latitude", 90), ("longitude", 180)):
            number = _field(location, key, "number", f"{where}.location", required=True)
            if not -bound <= number <= bound:
                raise BadUpdate(f"{where}.location.{key} is out of range")
    venue = _field(message, "venue", dict, where, required=False)
    if venue is not None:
        _field(venue, "address", str, f"{where}.venue", required=False)
    contact = _field(message, "contact", dict, where, required=False)
    if contact is not None:
        _field(contact, "phone_number", str, f"{where}.contact", required=True, longest=32)
        _field(contact, "user_id", "int", f"{where}.contact", required=False)
        for key in ("first_name", "last_name"):
            _field(contact, key, str, f"{where}.contact", required=False)
    photo = _field(message, "photo", list, where, required=False)
    for size in photo or []:
        _check_file(_object(size, f"{where}.photo[]"), f"{where}.photo[]")
    for key in MEDIA_FIELDS:
        media = _field(message, key, dict, where, required=False)
        if media is not None:
            _check_file(media, f"{where}.{key}")
            _field(media, "mime_type", str, f"{where}.{key}", required=False, longest=100)


def _check_file(body: dict[str, Any], where: str) -> None:
    _field(body, "file_id", str, where, required=True, longest=255)
    _field(body, "file_unique_id", str, where, required=True, longest=64)
    _field(body, "file_size", "int", where, required=False)


def _check_callback(value: Any) -> None:
    where = "callback_query"
    query = _object(value, where)
    _field(query, "id", str, where, required=True, longest=255)
    _check_user(query, "from", where, required=True)
    _field(query, "data", str, where, required=False, longest=64)  # Telegram: 1-64 bytes
    message = _field(query, "message", dict, where, required=False)
    if message is not None:
        _check_chat(message, f"{where}.message")
        _field(message, "message_id", "int", f"{where}.message", required=True)


def _check_member(value: Any) -> None:
    where = "my_chat_member"
    member = _object(value, where)
    _check_chat(member, where)
    _check_user(member, "from", where, required=True)
    _check_date(member, "date", where, required=True)
    for key in ("old_chat_member", "new_chat_member"):
        status = _object(member.get(key), f"{where}.{key}")
        _field(status, "status", str, f"{where}.{key}", required=True)
        _check_user(status, "user", f"{where}.{key}", required=True)
