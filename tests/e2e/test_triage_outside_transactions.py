"""While triage works on a report, no transaction is open: others write, /healthz answers."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.e2e.conversation_kit import REFERENCE
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak
from tests.updates import Person
from triage import assessment

SLOW_WORDS = "천천히 읽히는 보고"
# A long report: a short one is assessed in place (a millisecond), see triage/prepared.py.
LONG_REPORT = "옆집 할머니가 며칠째 안 보이세요. " * 30 + SLOW_WORDS


class SlowTriage:
    """Triage that stops on a report holding SLOW_WORDS until the test lets it go on.

    It stands in for a long assessment: the real one is bounded, but whatever it costs
    must not be paid with a transaction open.
    """

    def __init__(self) -> None:
        self.working = threading.Event()
        self.go_on = threading.Event()
        self.normalize = assessment.normalize

    def __call__(self, words: str) -> Any:
        if SLOW_WORDS in words:
            self.working.set()
            self.go_on.wait(timeout=30)
        return self.normalize(words)


def write_from_elsewhere(engine: Engine, update_id: int) -> None:
    """Touch the update's inbox row from another connection, refusing to wait for locks."""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        assert path is not None
        connection = sqlite3.connect(path, timeout=0.5, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")  # the write lock, as any webhook needs
            connection.execute(
                "UPDATE inbox SET attempts = attempts WHERE update_id = ?", (update_id,)
            )
            connection.execute("COMMIT")
        finally:
            connection.close()
        return
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL lock_timeout = '500ms'"))
        connection.execute(
            text("UPDATE inbox SET attempts = attempts WHERE update_id = :id"), {"id": update_id}
        )


async def test_no_transaction_waits_on_triage_and_healthz_answers_meanwhile(
    sagak: Sagak, fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowTriage()
    monkeypatch.setattr(assessment, "normalize", slow)
    person = Person(7501)
    update = person.text(LONG_REPORT)
    try:
        assert (await sagak.deliver(update)).status_code == 200
        assert await asyncio.to_thread(slow.working.wait, 30)
        # Before: "database is locked" (SQLite) or a lock timeout (PostgreSQL).
        await asyncio.to_thread(write_from_elsewhere, sagak.engine, update["update_id"])
        health = await sagak.client.get("/healthz")
        assert health.status_code == 200 and health.json() == {"status": "ok"}
        other = Person(7502)
        assert (await sagak.deliver(other.text("/start"))).status_code == 200
    finally:
        slow.go_on.set()
    [receipt] = await fake_telegram.wait_for(chat_id=person.id)
    assert REFERENCE.search(receipt.params["text"])
