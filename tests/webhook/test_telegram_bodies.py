"""Bodies Telegram never sends get a clear 400 and leave nothing behind; odd kinds are ignored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import Session, select

from storage.models import InboxUpdate
from tests.harness import WEBHOOK_SECRET, Sagak
from tests.updates import Person

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Type": "application/json"}


async def post_raw(sagak: Sagak, body: bytes) -> Any:
    return await sagak.client.post("/telegram/webhook", content=body, headers=HEADERS)


def stored(sagak: Sagak) -> list[InboxUpdate]:
    with Session(sagak.engine) as session:
        return list(session.exec(select(InboxUpdate)).all())


def nested(depth: int) -> bytes:
    return b'{"update_id": 5, "message": ' + b"[" * depth + b"]" * depth + b"}"


def mutated(change: Any) -> bytes:
    update = Person(7301).text("옆집 할머니가 며칠째 안 보이세요")
    change(update)
    return json.dumps(update).encode()


def _set(path: str, value: Any) -> Any:
    def change(update: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        body = update
        for key in parents:
            body = body[key]
        body[last] = value

    return change


def _drop(path: str) -> Any:
    def change(update: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        body = update
        for key in parents:
            body = body[key]
        del body[last]

    return change


HOSTILE = {
    "nested 5,000 deep": nested(5000),
    "nested 40 deep": nested(40),
    "update_id beyond 64 bits": b'{"update_id": 18446744073709551616}',
    "chat id beyond 64 bits": mutated(_set("message.chat.id", 2**70)),
    "user id beyond 64 bits": mutated(_set("message.from.id", -(2**64))),
    "UTF-16 with BOM": json.dumps(Person(1).text("hi")).encode("utf-16"),
    "UTF-16LE without BOM": json.dumps(Person(1).text("hi")).encode("utf-16-le"),
    "UTF-32": json.dumps(Person(1).text("hi")).encode("utf-32"),
    "Latin-1 bytes": b'{"update_id": 9, "x": "\xe9"}',
    "message is a string": b'{"update_id": 11, "message": "boom"}',
    "message without chat": mutated(_drop("message.chat")),
    "private message without sender": mutated(_drop("message.from")),
    "chat id a string": mutated(_set("message.chat.id", "7301")),
    "text a number": mutated(_set("message.text", 12)),
    "text an object": mutated(_set("message.text", {"a": 1})),
    "text longer than Telegram's 4,096": mutated(_set("message.text", "아" * 4097)),
    "date far past year 9999": mutated(_set("message.date", 10**15)),
    "date negative": mutated(_set("message.date", -5)),
    "location out of range": mutated(_set("message.location", {"latitude": 91, "longitude": 0})),
    "photo sizes not objects": mutated(_set("message.photo", ["x"])),
    "photo file id longer than Telegram's": mutated(
        _set("message.photo", [{"file_id": "f" * 256, "file_unique_id": "u"}])
    ),
    "shared phone number of 1,000 digits": mutated(
        _set("message.contact", {"phone_number": "1" * 1000, "first_name": "x"})
    ),
    "callback without sender": b'{"update_id": 12, "callback_query": {"id": "c"}}',
    "update_id a bool": b'{"update_id": true, "message": {}}',
    "NaN": b'{"update_id": 13, "x": NaN}',
    "infinite number": b'{"update_id": 14, "x": 1e999}',
    "two kinds at once": b'{"update_id": 15, "message": {}, "callback_query": {}}',
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
async def test_a_body_telegram_never_sends_gets_400_and_nothing_is_stored(
    sagak: Sagak, body: bytes
) -> None:
    response = await post_raw(sagak, body)
    assert response.status_code == 400
    assert response.json()["detail"]  # says what is wrong
    assert stored(sagak) == []


async def test_an_update_kind_sagak_does_not_use_is_stored_as_ignored_at_once(
    sagak: Sagak,
) -> None:
    body = {"update_id": 9100, "message_reaction": {"chat": {"id": 5, "type": "private"}}}
    response = await post_raw(sagak, json.dumps(body).encode())
    assert response.status_code == 200
    [row] = stored(sagak)
    assert row.status == "ignored" and row.attempts == 0
    assert row.last_error is not None and "message_reaction" in row.last_error
    # Only the id is kept (a redelivery guard), not what the update carried.
    assert json.loads(row.payload) == {"update_id": 9100, "ignored": row.last_error}
    assert (await post_raw(sagak, json.dumps(body).encode())).status_code == 200
    assert len(stored(sagak)) == 1


async def test_a_field_sagak_does_not_read_may_have_any_shape(sagak: Sagak) -> None:
    update = Person(7302).text("옆집 할머니가 며칠째 안 보이세요")
    update["message"]["entities"] = "not a list"
    update["message"]["reply_to_message"] = 7
    response = await post_raw(sagak, json.dumps(update).encode())
    assert response.status_code == 200
    [row] = stored(sagak)
    # Kept for the dialogue (the worker may already have played it), never set aside.
    assert row.status in ("pending", "processed") and row.chat_id == 7302
