"""Odd text is cleaned at the door; a failing update holds up only its own chat, quietly."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlmodel import Session, col, select

from bot import processing
from storage import inbox
from storage.models import InboxUpdate, Message
from tests.e2e.conversation_kit import REFERENCE, Chat
from tests.fake_telegram import FakeTelegram
from tests.harness import WEBHOOK_SECRET, Sagak
from tests.updates import Person

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Type": "application/json"}


def inbound_texts(sagak: Sagak) -> list[str]:
    with Session(sagak.engine) as session:
        rows = session.exec(select(Message.text).where(col(Message.direction) == "in")).all()
        return [row or "" for row in rows]


async def test_text_with_nul_and_lone_surrogates_gets_its_receipt_and_is_kept_clean(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    person = Person(7401)
    update = person.text("옆집\x00 할머니가 \ud800며칠째 안 보이세요\udfff")
    # json.dumps writes the NUL and the lone surrogates as \u escapes, as an attacker would.
    body = json.dumps(update).encode()
    response = await sagak.client.post("/telegram/webhook", content=body, headers=HEADERS)
    assert response.status_code == 200
    [receipt] = await fake_telegram.wait_for(chat_id=person.id)
    assert REFERENCE.search(receipt.params["text"])
    assert inbound_texts(sagak) == ["옆집 할머니가 \ufffd며칠째 안 보이세요\ufffd"]


async def test_a_failing_update_holds_up_only_its_chat_and_logs_one_traceback(
    sagak: Sagak,
    fake_telegram: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken, other = Person(7402), Person(7403)
    handle = processing.handle

    first = broken.text("첫 번째 글")
    later = broken.text("옆집 할머니가 며칠째 안 보이세요")

    def failing_once_in_a_chat(session: Any, inbound: Any, config: Any) -> Any:
        if inbound.update_id == first["update_id"]:
            raise RuntimeError("a bug met this update")
        return handle(session, inbound, config)

    monkeypatch.setattr(processing, "handle", failing_once_in_a_chat)
    monkeypatch.setattr(inbox, "FIRST_RETRY", inbox.FIRST_RETRY * 0)
    caplog.set_level(logging.WARNING, logger="bot.processing")
    assert (await sagak.deliver(first)).status_code == 200
    assert (await sagak.deliver(later)).status_code == 200
    chat = Chat(sagak, fake_telegram, other)
    [receipt] = await chat.say("옆집 할머니가 며칠째 안 보이세요")
    assert REFERENCE.search(receipt.params["text"])

    # The chat's next update waited for the failing one to be parked (order), then went on.
    [late_receipt] = await fake_telegram.wait_for(chat_id=broken.id, timeout=20)
    assert REFERENCE.search(late_receipt.params["text"])
    with Session(sagak.engine) as session:
        failed = session.get(InboxUpdate, first["update_id"])
        done = session.get(InboxUpdate, later["update_id"])
        assert failed is not None and failed.status == "failed"
        assert done is not None and done.status == "processed" and done.attempts == 0
        assert done.processed_at is not None and failed.processed_at is None
    mine = [r for r in caplog.records if str(first["update_id"]) in r.getMessage()]
    assert len(mine) == inbox.MAX_ATTEMPTS
    assert sum(1 for r in mine if r.exc_info) == 1
    assert "parked" in mine[-1].getMessage() and mine[-1].levelno == logging.ERROR
