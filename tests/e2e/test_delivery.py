"""Delivery to Telegram: failures, rate limits, blocked reporters, restarts. Nothing is lost."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from bot.catalog import t
from bot.dispatcher import PER_CHAT_INTERVAL
from storage import inbox
from storage.db import make_engine
from storage.models import Case, InboxUpdate
from tests.e2e.conversation_kit import press
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer, start_sagak
from tests.updates import Person
from webhook.settings import Settings


def _count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


async def test_missing_secret_is_401_and_nothing_is_stored(sagak: Sagak) -> None:
    response = await sagak.deliver(Person(2001).text("hello"), secret=None)
    assert response.status_code == 401
    assert _count(sagak.engine, InboxUpdate) == 0


async def test_wrong_secret_is_403_and_nothing_is_stored(sagak: Sagak) -> None:
    response = await sagak.deliver(Person(2002).text("hello"), secret="guess")
    assert response.status_code == 403
    assert _count(sagak.engine, InboxUpdate) == 0


@pytest.mark.parametrize("body", [b"not json", b'{"update_id": ', b"[1, 2]", b'{"message": {}}'])
async def test_body_that_is_not_an_update_is_400(sagak: Sagak, body: bytes) -> None:
    from tests.harness import WEBHOOK_SECRET

    response = await sagak.client.post(
        "/telegram/webhook",
        content=body,
        headers={
            "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET,
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 400
    assert _count(sagak.engine, InboxUpdate) == 0


async def test_telegram_failing_then_recovering_delivers_the_receipt_once(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    resident = Person(2003)
    fake_telegram.fail_next(status=500, times=2)
    await sagak.deliver(resident.text("할머니 댁 전기가 끊겼어요"))
    await fake_telegram.wait_for(chat_id=resident.id, timeout=20)
    await asyncio.sleep(1.5)  # any duplicate would have been sent by now
    attempts = [c for c in fake_telegram.calls if c.method == "sendMessage"]
    assert [c.status for c in attempts] == [500, 500, 200]
    assert len(fake_telegram.sent(chat_id=resident.id)) == 1


async def test_rate_limit_answer_is_obeyed(sagak: Sagak, fake_telegram: FakeTelegram) -> None:
    resident = Person(2004)
    fake_telegram.rate_limit_next(retry_after=1)
    await sagak.deliver(resident.text("옆집 아이가 굶고 있는 것 같아요"))
    delivered = await fake_telegram.wait_for(chat_id=resident.id, timeout=10)
    refused = [c for c in fake_telegram.calls if c.status == 429]
    assert len(refused) == 1
    assert delivered[0].at - refused[0].at >= 0.95


async def test_blocked_reporter_makes_the_reply_undeliverable(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    resident = Person(2005)
    await sagak.deliver(resident.text("위층 어르신이 며칠째 안 보여요"))
    await fake_telegram.wait_for(chat_id=resident.id)
    fake_telegram.block_chat(resident.id)
    token = sagak.staff_token()
    case_id = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"][0]["id"]
    response = await sagak.client.post(
        f"/api/cases/{case_id}/reply", json={"text": "연락 부탁드립니다"}, headers=bearer(token)
    )
    assert response.status_code == 202
    for _ in range(200):
        case = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).json()
        # The reply is marked first, the reporter as unreachable when the sender records it.
        if case["messages"][-1]["delivery"] == "undeliverable" and case["reporter_unreachable"]:
            break
        await asyncio.sleep(0.05)
    assert case["messages"][-1]["delivery"] == "undeliverable"
    assert case["reporter_unreachable"] is True
    assert "reporter_unreachable" in [e["kind"] for e in case["events"]]


async def test_per_chat_rate_keeps_one_second_between_messages(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    resident = Person(2006)
    async with start_sagak(settings, chat_interval=PER_CHAT_INTERVAL) as sagak:
        await sagak.deliver(resident.text("할아버지가 쓰러지셨는데 번개탄 냄새가 나요"))
        calls = await fake_telegram.wait_for(chat_id=resident.id, count=2, timeout=10)
    assert calls[1].at - calls[0].at >= 0.95


async def test_emergency_numbers_overtake_the_chats_paced_messages(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    resident = Person(2016)
    async with start_sagak(settings, chat_interval=PER_CHAT_INTERVAL) as sagak:
        await sagak.deliver(resident.text("옆집 분이 요즘 일자리를 잃었다고 해요"))
        [receipt] = await fake_telegram.wait_for(chat_id=resident.id)
        # "No" typed: "where?" now waits a second behind the receipt. Then "yes" pressed on
        # the receipt's button: the numbers it brings must not wait behind that question.
        await sagak.deliver(resident.text("아니요"))
        yes = receipt.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        await sagak.deliver(press(resident, yes))
        calls = await fake_telegram.wait_for(chat_id=resident.id, count=3, timeout=10)
    _receipt, numbers, where = (c.params["text"] for c in calls)
    assert numbers.startswith(t("ko", "emergency.numbers", hotlines="")[:8])
    assert where == t("ko", "report.ask_location")


async def test_restart_loses_neither_stored_updates_nor_pending_replies(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    first, second = Person(2007), Person(2008)
    fake_telegram.fail_next(status=502, times=1000)
    async with start_sagak(settings) as sagak:
        await sagak.deliver(first.text("지하방 할머니 댁 가스가 끊겼대요"))
        for _ in range(200):
            if _count(sagak.engine, Case) == 1 and any(
                c.status == 502 for c in fake_telegram.calls
            ):
                break
            await asyncio.sleep(0.05)
        assert _count(sagak.engine, Case) == 1
    # As if the process died right after answering Telegram 200 for a second update.
    engine = make_engine(settings.database.url)
    stored = second.text("옆 동 아이가 혼자 밥을 굶는 것 같아요")
    inbox.store_update(
        engine, update_id=stored["update_id"], chat_id=second.id, payload=json.dumps(stored)
    )
    engine.dispose()
    assert fake_telegram.sent(chat_id=first.id) == []

    fake_telegram.reset()
    async with start_sagak(settings) as sagak:
        await fake_telegram.wait_for(chat_id=first.id, timeout=20)
        await fake_telegram.wait_for(chat_id=second.id, timeout=20)
        await asyncio.sleep(1.0)
        assert len(fake_telegram.sent(chat_id=first.id)) == 1
        assert len(fake_telegram.sent(chat_id=second.id)) == 1
        assert _count(sagak.engine, Case) == 2
