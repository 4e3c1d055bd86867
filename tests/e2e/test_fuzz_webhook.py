"""Thousands of mutated and hostile updates: no 5xx, nothing retried, residents still served.

Seeded (SAGAK_FUZZ_SEED replays a run). KakaoTalk skill requests are not fuzzed here: the
KakaoTalk channel is not built yet.
"""

from __future__ import annotations

import asyncio
import os
import random

from sqlalchemy import func
from sqlmodel import Session, select

from storage.models import InboxUpdate
from tests.e2e.conversation_kit import REFERENCE
from tests.fake_telegram import FakeTelegram
from tests.fuzz_updates import bodies
from tests.harness import WEBHOOK_SECRET, Sagak
from tests.updates import Person

SEED = int(os.environ.get("SAGAK_FUZZ_SEED", "15"))
COUNT = 2000
SENDERS = 8  # concurrent requests, as Telegram's delivery and an attacker would make them
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Type": "application/json"}


def inbox_states(sagak: Sagak) -> dict[tuple[str, bool], int]:
    """Inbox rows counted by (status, ever failed)."""
    counts: dict[tuple[str, bool], int] = {}
    with Session(sagak.engine) as session:
        rows = session.exec(
            select(InboxUpdate.status, InboxUpdate.attempts, func.count()).group_by(
                InboxUpdate.status, InboxUpdate.attempts
            )
        ).all()
    for status, attempts, count in rows:
        key = (status, attempts > 0)
        counts[key] = counts.get(key, 0) + int(count)
    return counts


async def settled(sagak: Sagak, polls: int = 1200) -> dict[tuple[str, bool], int]:
    """The inbox once nothing is pending any more (or as it stands after `polls` looks)."""
    states = inbox_states(sagak)
    for _ in range(polls):
        if not any(status == "pending" for status, _ in states):
            break
        await asyncio.sleep(0.1)
        states = inbox_states(sagak)
    return states


async def test_mutated_updates_never_answer_5xx_nor_retry_and_residents_get_receipts(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    queue = list(bodies(random.Random(SEED), COUNT))
    statuses: dict[int, int] = {}

    async def sender() -> None:
        while queue:
            body = queue.pop()
            response = await sagak.client.post("/telegram/webhook", content=body, headers=HEADERS)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    await asyncio.gather(*(sender() for _ in range(SENDERS)))
    assert set(statuses) <= {200, 400, 413}, f"seed {SEED}: {statuses}"
    assert statuses[400] > COUNT // 2 and statuses[200] > COUNT // 20  # both kinds were sent

    residents = [Person(881_000 + n, "ko") for n in range(5)]
    for resident in residents:
        response = await sagak.deliver(resident.text("옆집 할머니가 요즘 식사를 못 챙기세요"))
        assert response.status_code == 200
    for resident in residents:
        [receipt] = await fake_telegram.wait_for(chat_id=resident.id, timeout=60)
        assert REFERENCE.search(receipt.params["text"]), f"seed {SEED}"

    states = await settled(sagak)
    # Every stored update was applied or ignored at once: none failed, none is retrying.
    assert set(states) <= {("processed", False), ("ignored", False)}, f"seed {SEED}: {states}"
