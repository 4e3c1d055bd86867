"""Telegram-shaped updates for what a simulated person does in the web chat."""

from __future__ import annotations

import threading
import time
from typing import Any

from webhook.simulator.botapi import bot_user
from webhook.simulator.chats import Chat, Entry
from webhook.simulator.files import StoredPhoto

# Seosan city hall: what the 📍 button shares unless the person types a place.
DEMO_LOCATION = (36.7848, 126.4503)
DEMO_PHONE = "+82 10-0000-0000"  # a number no one has; shared by the 📞 button


class UpdateIds:
    """Rising update ids, unique across restarts: the inbox drops a repeated id as a
    redelivery, so a counter that restarted at 1 would silently lose messages."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def next(self) -> int:
        with self._lock:
            self._last = max(self._last + 1, time.time_ns() // 1_000_000)
            return self._last


def _user(chat: Chat) -> dict[str, Any]:
    return {
        "id": chat.chat_id,
        "is_bot": False,
        "first_name": chat.name,
        "language_code": chat.language,
    }


def _private_chat(chat: Chat) -> dict[str, Any]:
    return {"id": chat.chat_id, "type": "private", "first_name": chat.name}


def message_update(update_id: int, chat: Chat, entry: Entry) -> dict[str, Any]:
    """The update Telegram sends when a person sends `entry` in a private chat."""
    message: dict[str, Any] = {
        "message_id": entry.message_id,
        "date": int(entry.at),
        "chat": _private_chat(chat),
        "from": _user(chat),
    }
    if entry.location is not None:
        message["location"] = entry.location
    elif entry.contact is not None:
        message["contact"] = {
            "phone_number": entry.contact,
            "first_name": chat.name,
            "user_id": chat.chat_id,
        }
    elif entry.photo is not None:
        message["photo"] = []  # filled by photo_update, which knows the stored file
        if entry.text:
            message["caption"] = entry.text
    else:
        message["text"] = entry.text
        if entry.text.startswith("/"):
            command = entry.text.split(" ")[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


def photo_update(update_id: int, chat: Chat, entry: Entry, photo: StoredPhoto) -> dict[str, Any]:
    update = message_update(update_id, chat, entry)
    update["message"]["photo"] = [
        {
            "file_id": photo.file_id,
            "file_unique_id": photo.file_unique_id,
            "width": 1280,
            "height": 960,
            "file_size": photo.size,
        }
    ]
    return update


def callback_update(
    update_id: int, chat: Chat, pressed: Entry, callback_id: str, data: str
) -> dict[str, Any]:
    """The update for pressing inline button `data` under the bot's message `pressed`."""
    message: dict[str, Any] = {
        "message_id": pressed.message_id,
        "date": int(pressed.at),
        "chat": _private_chat(chat),
        "from": bot_user(),
        "text": pressed.text,
    }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": callback_id,
            "from": _user(chat),
            "chat_instance": str(chat.chat_id),
            "message": message,
            "data": data,
        },
    }
