"""What each simulated chat shows: the person's messages and the bot's, kept in memory.

A transcript is a view for the web chat, not a record: cases, messages and replies live in
the database as with real Telegram; after a restart the transcripts are rebuilt from there
(webhook/simulator/restore.py).
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.catalog import LANGUAGES

MAX_ENTRIES = 400  # per chat; older ones drop off the web chat
MAX_PEOPLE = 50
MAX_NAME = 40
# Telegram user ids of simulated people: random in a range real users do not reach soon,
# so a person added after a restart does not continue an earlier person's conversation.
_PERSON_IDS = (8_000_000_000, 8_999_999_999)


@dataclass
class Entry:
    """One message in a chat, as the web chat draws it."""

    message_id: int
    sender: str  # "person" or "bot"
    text: str = ""
    buttons: list[list[dict[str, str]]] = field(default_factory=list)  # inline keyboard
    location: dict[str, float] | None = None
    photo: str | None = None  # a file id in the simulator's file store
    contact: str | None = None
    edited: bool = False
    at: float = field(default_factory=time.time)

    def public(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "sender": self.sender,
            "text": self.text,
            "buttons": self.buttons,
            "location": self.location,
            "photo": self.photo,
            "contact": self.contact,
            "edited": self.edited,
            "at": self.at,
        }


@dataclass
class Chat:
    """A private chat with one simulated person, or the staff group."""

    chat_id: int
    name: str
    language: str = "ko"
    role: str = "resident"  # resident, volunteer or group
    entries: list[Entry] = field(default_factory=list)
    keyboard: list[list[dict[str, Any]]] | None = None  # the reply keyboard below the input
    one_time_keyboard: bool = False
    toast: str | None = None  # the last answerCallbackQuery text
    revision: int = 0

    def public(self) -> dict[str, Any]:
        return {"id": self.chat_id, "name": self.name, "language": self.language, "role": self.role}


class ChatLog:
    """Every simulated chat of this process; safe to use from threads and the event loop."""

    def __init__(self, *, staff_chat_id: int | None) -> None:
        self._lock = threading.Lock()
        self._chats: dict[int, Chat] = {}
        # Message ids go on rising across restarts (the bot keeps them on cases).
        self._message_ids = itertools.count(int(time.time()))
        self._callbacks: dict[str, int] = {}
        # Names a chat the bot writes to unasked (restore.namer): (name, language) or None.
        self.name_of: Callable[[int], tuple[str, str] | None] | None = None
        if staff_chat_id is not None:
            self._chats[staff_chat_id] = Chat(staff_chat_id, "staff", role="group")

    def add_person(self, *, name: str, language: str, role: str) -> Chat:
        """A new simulated Telegram user with a private chat."""
        name = " ".join(name.split())[:MAX_NAME] or "?"
        language = language if language in LANGUAGES else "ko"
        with self._lock:
            if sum(c.role != "group" for c in self._chats.values()) >= MAX_PEOPLE:
                raise ValueError("too many simulated people")
            while True:
                person_id = _PERSON_IDS[0] + secrets.randbelow(_PERSON_IDS[1] - _PERSON_IDS[0])
                if person_id not in self._chats:
                    break
            chat = Chat(person_id, name, language, role)
            self._chats[person_id] = chat
            return chat

    def restore_person(self, *, chat_id: int, name: str, language: str, role: str) -> Chat | None:
        """A person saved before a restart, under their old id (None if out of range)."""
        if not _PERSON_IDS[0] <= chat_id <= _PERSON_IDS[1] or role not in ("resident", "volunteer"):
            return None
        name = " ".join(name.split())[:MAX_NAME] or "?"
        with self._lock:
            chat = self._chats[chat_id] = Chat(chat_id, name, language, role)
            return chat

    def restore_entries(self, chat_id: int, entries: list[Entry]) -> None:
        with self._lock:
            chat = self._chats[chat_id]
            chat.entries = entries[-MAX_ENTRIES:]
            chat.revision += 1
            # New message ids go on after the restored ones (an edit finds its message by id).
            highest = max((e.message_id for e in entries), default=0)
            self._message_ids = itertools.count(max(next(self._message_ids), highest + 1))

    def chats(self) -> list[Chat]:
        with self._lock:
            return list(self._chats.values())

    def get(self, chat_id: int) -> Chat | None:
        with self._lock:
            return self._chats.get(chat_id)

    def person_said(self, chat_id: int, **content: Any) -> Entry:
        """Record what the person sent; returns it with its new message id."""
        with self._lock:
            chat = self._chats[chat_id]
            entry = Entry(next(self._message_ids), "person", **content)
            self._append(chat, entry)
            return entry

    def bot_message(self, chat_id: int, message_id: int) -> Entry | None:
        """The bot's message a pressed inline button sits under."""
        with self._lock:
            chat = self._chats.get(chat_id)
            for entry in chat.entries if chat is not None else []:
                if entry.message_id == message_id and entry.sender == "bot":
                    return entry
            return None

    def pressed_keyboard(self, chat_id: int) -> None:
        """A one-time reply keyboard closes once the person used it."""
        with self._lock:
            chat = self._chats[chat_id]
            if chat.one_time_keyboard:
                chat.keyboard, chat.one_time_keyboard = None, False
                chat.revision += 1

    def new_callback(self, chat_id: int) -> str:
        """An id for a button press, so the bot's answerCallbackQuery finds the chat."""
        callback_id = secrets.token_hex(8)
        with self._lock:
            self._callbacks[callback_id] = chat_id
            if len(self._callbacks) > 1000:
                self._callbacks.pop(next(iter(self._callbacks)))
        return callback_id

    def bot_sent(self, chat_id: int, markup: dict[str, Any] | None, **content: Any) -> Entry:
        """Record a message the bot sent; a chat the simulator did not start is added."""
        known = self.get(chat_id)
        named = self.name_of(chat_id) if known is None and self.name_of and chat_id > 0 else None
        with self._lock:
            chat = self._chats.get(chat_id)
            if chat is None:
                role = "group" if chat_id < 0 else "resident"
                name, language = named or (str(chat_id), "ko")
                chat = self._chats[chat_id] = Chat(chat_id, name, language, role=role)
            entry = Entry(next(self._message_ids), "bot", **content)
            self._apply_markup(chat, entry, markup)
            self._append(chat, entry)
            return entry

    def bot_edited(
        self, chat_id: int, message_id: int, *, text: str | None, markup: dict[str, Any] | None
    ) -> Entry | None:
        """Change an earlier bot message's text and inline buttons; None if it is gone."""
        with self._lock:
            chat = self._chats.get(chat_id)
            entry = next(
                (e for e in (chat.entries if chat else []) if e.message_id == message_id), None
            )
            if chat is None or entry is None:
                return None
            if text is not None:
                entry.text = text
            entry.buttons = _inline(markup)
            entry.edited = True
            chat.revision += 1
            return entry

    def bot_deleted(self, chat_id: int, message_id: int) -> bool:
        with self._lock:
            chat = self._chats.get(chat_id)
            if chat is None:
                return False
            before = len(chat.entries)
            chat.entries = [e for e in chat.entries if e.message_id != message_id]
            chat.revision += 1
            return len(chat.entries) < before

    def answered(self, callback_id: str, text: str | None) -> None:
        """The bot answered a button press: its text shows briefly, like Telegram's toast."""
        with self._lock:
            chat_id = self._callbacks.pop(callback_id, None)
            chat = self._chats.get(chat_id) if chat_id is not None else None
            if chat is not None and text:
                chat.toast = text
                chat.revision += 1

    def snapshot(self, chat_id: int) -> dict[str, Any] | None:
        """The chat as JSON for the web chat."""
        with self._lock:
            chat = self._chats.get(chat_id)
            if chat is None:
                return None
            return {
                **chat.public(),
                "revision": chat.revision,
                "messages": [e.public() for e in chat.entries],
                "keyboard": chat.keyboard,
                "toast": chat.toast,
            }

    def _append(self, chat: Chat, entry: Entry) -> None:
        chat.entries.append(entry)
        del chat.entries[:-MAX_ENTRIES]
        chat.revision += 1

    def _apply_markup(self, chat: Chat, entry: Entry, markup: dict[str, Any] | None) -> None:
        if not markup:
            return
        entry.buttons = _inline(markup)
        if isinstance(markup.get("keyboard"), list):
            chat.keyboard = markup["keyboard"]
            chat.one_time_keyboard = bool(markup.get("one_time_keyboard"))
        elif markup.get("remove_keyboard"):
            chat.keyboard, chat.one_time_keyboard = None, False


def _inline(markup: dict[str, Any] | None) -> list[list[dict[str, str]]]:
    rows = (markup or {}).get("inline_keyboard")
    if not isinstance(rows, list):
        return []
    return [
        [
            {"text": str(b.get("text", "")), "data": str(b.get("callback_data", ""))}
            for b in row
            if isinstance(b, dict)
        ]
        for row in rows
        if isinstance(row, list)
    ]
