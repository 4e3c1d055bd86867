"""Helpers for conversation tests: more update shapes, and a chat seen from the reporter's side."""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from bot.catalog import language_for, t
from storage.models import Case, Reporter
from tests.fake_telegram import Call, FakeTelegram
from tests.harness import Sagak
from tests.updates import Person, _message_ids, _update_ids

REFERENCE = re.compile(r"SG-[2-9A-HJ-NP-Z]{6}")
_callback_ids = itertools.count(1)


def _update(**content: Any) -> dict[str, Any]:
    return {"update_id": next(_update_ids), **content}


def _chat(person: Person) -> dict[str, Any]:
    return {"id": person.id, "type": "private", "first_name": person.first_name}


def press(person: Person, data: str, message_id: int = 900) -> dict[str, Any]:
    """The person presses an inline button with this callback data."""
    return _update(
        callback_query={
            "id": f"cb-{next(_callback_ids)}",
            "from": person.user(),
            "chat_instance": f"ci-{person.id}",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": _chat(person),
                "from": {"id": 123456, "is_bot": True, "first_name": "sagak"},
                "text": "question",
            },
        }
    )


def message(person: Person, **content: Any) -> dict[str, Any]:
    return _update(
        message={
            "message_id": next(_message_ids),
            "date": int(time.time()),
            "chat": _chat(person),
            "from": person.user(),
            **content,
        }
    )


def edited(person: Person, message_id: int, text: str) -> dict[str, Any]:
    now = int(time.time())
    return _update(
        edited_message={
            "message_id": message_id,
            "date": now - 5,
            "edit_date": now,
            "chat": _chat(person),
            "from": person.user(),
            "text": text,
        }
    )


def own_contact(person: Person, phone: str = "+821012345678") -> dict[str, Any]:
    return message(
        person,
        contact={"phone_number": phone, "first_name": person.first_name, "user_id": person.id},
    )


def voice(person: Person) -> dict[str, Any]:
    return message(
        person,
        voice={"file_id": "VOICE-1", "file_unique_id": "u-voice", "duration": 4, "file_size": 999},
    )


def document(person: Person) -> dict[str, Any]:
    return message(
        person,
        document={
            "file_id": "DOC-1",
            "file_unique_id": "u-doc",
            "file_name": "bill.pdf",
            "mime_type": "application/pdf",
        },
    )


def poll(person: Person) -> dict[str, Any]:
    return message(
        person,
        poll={
            "id": "P1",
            "question": "?",
            "options": [
                {"persistent_id": "o1", "text": "a", "voter_count": 0},
                {"persistent_id": "o2", "text": "b", "voter_count": 0},
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
        },
    )


def dice(person: Person) -> dict[str, Any]:
    return message(person, dice={"emoji": "🎲", "value": 3})


def buttons(call: Call) -> list[dict[str, str]]:
    """The inline buttons under a sent message, row by row flattened."""
    markup = call.params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def data_for(call: Call, suffix: str) -> str:
    """The callback data of the button whose data ends with `:suffix`."""
    for button in buttons(call):
        if button["callback_data"].endswith(f":{suffix}"):
            return button["callback_data"]
    raise AssertionError(f"no button ending in {suffix!r} in {buttons(call)}")


@dataclass
class Chat:
    """One reporter's private chat: send updates, then wait for what the bot does next."""

    sagak: Sagak
    fake: FakeTelegram
    person: Person
    seen: int = 0
    calls: list[Call] = field(default_factory=list)

    def _mine(self) -> list[Call]:
        return [
            c
            for c in self.fake.calls
            if c.status == 200
            and (
                c.params.get("chat_id") == self.person.id
                or (c.method == "answerCallbackQuery" and self._is_mine(c))
            )
        ]

    def _is_mine(self, call: Call) -> bool:
        return call.params.get("callback_query_id") in self._presses

    def __post_init__(self) -> None:
        self._presses: set[str] = set()

    async def send(self, update: dict[str, Any], expect: int = 1) -> list[Call]:
        """Deliver an update and return the next `expect` Bot API calls for this chat."""
        if "callback_query" in update:
            self._presses.add(update["callback_query"]["id"])
        response = await self.sagak.deliver(update)
        assert response.status_code == 200
        return await self.next(expect)

    async def next(self, count: int = 1) -> list[Call]:
        want = self.seen + count
        await self.fake.wait_for(lambda: len(self._mine()) >= want, timeout=15)
        new = self._mine()[self.seen : want]
        self.seen = want
        return new

    async def say(self, text: str, expect: int = 1) -> list[Call]:
        return await self.send(self.person.text(text), expect)

    def reporter(self) -> Reporter:
        with Session(self.sagak.engine) as session:
            found = session.exec(
                select(Reporter).where(col(Reporter.channel_user_id) == str(self.person.id))
            ).one()
            return found

    def cases(self) -> list[Case]:
        with Session(self.sagak.engine) as session:
            reporter = session.exec(
                select(Reporter).where(col(Reporter.channel_user_id) == str(self.person.id))
            ).one()
            return list(
                session.exec(
                    select(Case).where(col(Case.reporter_id) == reporter.id).order_by(col(Case.id))
                ).all()
            )


def texts(calls: list[Call]) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method == "sendMessage"]


def reference_in(text: str) -> str:
    match = REFERENCE.search(text)
    assert match, f"no reference in {text!r}"
    return match.group(0)


async def no_danger(chat: Chat, receipt: Call | None = None) -> Call:
    """Answer the receipt's "may a life be in danger right now?" with "no", typed in the
    person's language or, given the receipt, pressed; returns the next question, "where?"."""
    language = language_for(chat.person.language_code)
    if receipt is not None:
        *_, where = await chat.send(press(chat.person, data_for(receipt, "no")), 3)
    else:
        [where] = await chat.say(t(language, "answer.danger_no"))
    assert where.params["text"] == t(language, "report.ask_location")
    return where
