"""One sender per bot: Telegram's limits hold however many instances share the database.

Two dispatchers, each with its own engine (as two processes would have), send one outbox
against the fake Bot API; the fake's timestamps show what Telegram would have seen.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram.error import NetworkError, TimedOut

from bot.channels.telegram.dispatcher import Dispatcher, _maybe_delivered
from storage import outbox
from storage.cases import add_message
from storage.db import make_engine
from storage.models import Message, OutboxMessage
from storage.sender_lock import SenderLock
from storage.types import utcnow
from tests.fake_telegram import Call, FakeTelegram
from tests.storage.reports import report

LEASE = timedelta(seconds=1)


def _enqueue(engine: Engine, chat_id: int, text: str, *, message_id: int | None = None) -> int:
    with Session(engine) as session:
        row = outbox.enqueue(
            session,
            chat_id=chat_id,
            method="sendMessage",
            payload={"chat_id": chat_id, "text": text},
            message_id=message_id,
        )
        session.commit()
        assert row.id is not None
        return row.id


@asynccontextmanager
async def _instance(database_url: str, fake: FakeTelegram) -> AsyncIterator[Dispatcher]:
    """One sagak process's sender: its own engine, bot and limiter (real Telegram pacing)."""
    engine = make_engine(database_url)
    async with fake.bot() as bot:
        dispatcher = Dispatcher(engine, bot, lease=LEASE)
        task = asyncio.create_task(dispatcher.run())
        try:
            yield dispatcher
        finally:
            while not task.done():  # as webhook.runtime stops it
                task.cancel()
                await asyncio.wait([task], timeout=0.5)
            await dispatcher.stop()
            engine.dispose()


def _per_chat_gaps(calls: list[Call]) -> list[float]:
    times: dict[object, list[float]] = defaultdict(list)
    for call in calls:
        times[call.params["chat_id"]].append(call.at)
    return [b - a for at in times.values() for a, b in pairwise(at)]


def _most_in_one_second(calls: list[Call]) -> int:
    times = sorted(call.at for call in calls)
    return max(sum(1 for t in times if start <= t < start + 1.0) for start in times)


async def test_two_instances_keep_telegrams_limits_together(
    engine: Engine, database_url: str, fake_telegram: FakeTelegram
) -> None:
    for chat in range(1, 41):  # a surge: forty residents at once ...
        _enqueue(engine, chat, f"receipt {chat}")
    for n in range(4):  # ... and one chat with several messages in a row
        _enqueue(engine, 99, f"answer {n}")
    async with _instance(database_url, fake_telegram), _instance(database_url, fake_telegram):
        calls = await fake_telegram.wait_for(count=44, timeout=20)
    assert len({call.params["text"] for call in calls}) == 44  # each sent once
    assert min(_per_chat_gaps(calls)) >= 1.0
    assert _most_in_one_second(calls) <= 30


async def test_a_stopped_senders_work_is_taken_over_by_the_other_instance(
    engine: Engine, database_url: str, fake_telegram: FakeTelegram
) -> None:
    async with AsyncExitStack() as first:
        sender = await first.enter_async_context(_instance(database_url, fake_telegram))
        _enqueue(engine, 1, "before")
        await fake_telegram.wait_for(chat_id=1, timeout=10)
        assert sender.lock.held
        async with _instance(database_url, fake_telegram) as standby:
            await asyncio.sleep(0.3)
            assert not standby.lock.held
            await first.aclose()  # the sender stops (a deploy, a crash)
            _enqueue(engine, 2, "after")
            await fake_telegram.wait_for(chat_id=2, timeout=10)
            assert standby.lock.held


async def test_a_dead_senders_rows_move_within_its_lease_and_a_staff_reply_is_not_repeated(
    engine: Engine, database_url: str, fake_telegram: FakeTelegram
) -> None:
    case_id = report(engine, 5, "옆집 할머니가 며칠째 안 보이세요")
    with Session(engine) as session:
        reply = add_message(
            session, case_id=case_id, direction="out", author="staff", text="곧 방문할게요"
        )
        session.commit()
        reply_id = reply.id
    staff_row = _enqueue(engine, 5, "곧 방문할게요", message_id=reply_id)
    receipt_row = _enqueue(engine, 6, "접수되었습니다")
    # A sender claimed both and was killed before Telegram answered.
    for row_id in (staff_row, receipt_row):
        assert outbox.claim(engine, row_id=row_id, now=utcnow(), lease=LEASE)
    started = time.monotonic()
    async with _instance(database_url, fake_telegram):
        calls = await fake_telegram.wait_for(chat_id=6, timeout=10)
        _enqueue(engine, 5, "다음 메시지")  # the chat is not held up behind the unknown one
        later = await fake_telegram.wait_for(chat_id=5, timeout=10)
    assert calls[0].at - started < 5
    assert [call.params["text"] for call in later] == ["다음 메시지"]
    with Session(engine) as session:
        message = session.get(Message, reply_id)
        row = session.get(OutboxMessage, staff_row)
        assert message is not None and row is not None
        assert message.delivery == "unknown"
        assert row.status == "unknown"


async def test_a_new_sender_waits_a_second_after_the_last_send_to_a_chat(
    engine: Engine, database_url: str, fake_telegram: FakeTelegram
) -> None:
    first = _enqueue(engine, 7, "first")
    assert outbox.claim(engine, row_id=first, now=utcnow())
    outbox.mark_sent(engine, row_id=first, telegram_message_id=1)  # by an instance now gone
    sent_before = time.monotonic()
    _enqueue(engine, 7, "second")
    async with _instance(database_url, fake_telegram):
        calls = await fake_telegram.wait_for(chat_id=7, timeout=10)
    assert calls[0].at - sent_before >= 1.0


def _network_error(error: NetworkError, cause: Exception) -> NetworkError:
    error.__cause__ = cause
    return error


def test_a_broken_connection_after_the_request_is_an_unknown_outcome_not_a_retry() -> None:
    request = httpx.Request("POST", "https://api.telegram.org/bot/sendMessage")
    dropped = _network_error(NetworkError("read"), httpx.RemoteProtocolError("gone"))
    no_answer = _network_error(TimedOut(), httpx.ReadTimeout("slow", request=request))
    never_connected = _network_error(NetworkError("connect"), httpx.ConnectError("refused"))
    pool_full = _network_error(TimedOut("Pool timeout: busy"), httpx.PoolTimeout("busy"))
    assert _maybe_delivered(dropped) and _maybe_delivered(no_answer)
    assert not _maybe_delivered(never_connected) and not _maybe_delivered(pool_full)


_HOLD_THE_LOCK = """
import sys, time
from storage.db import make_engine
from storage.sender_lock import SenderLock
lock = SenderLock(make_engine(sys.argv[1]), bot="123")
assert lock.try_acquire()
print("held", flush=True)
time.sleep(120)
"""


def test_a_killed_senders_lock_is_free_within_seconds(engine: Engine, database_url: str) -> None:
    """kill -9 of the process that sends: another takes the bot over without waiting for a
    lease (PostgreSQL ends the session when its connection closes; the kernel drops a flock
    with its process)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_THE_LOCK, database_url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    standby = SenderLock(engine, bot="123")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert not standby.try_acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        deadline = time.monotonic() + 10
        while not standby.try_acquire() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert standby.held
        if engine.dialect.name == "postgresql":
            # A machine that vanishes sends no FIN: the server probes the lock's session
            # and ends it after idle + interval x count seconds of silence.
            assert standby._connection is not None
            shown = [
                standby._connection.exec_driver_sql(f"SHOW tcp_keepalives_{name}").scalar()
                for name in ("idle", "interval", "count")
            ]
            assert [int(value) for value in shown] == [5, 2, 3]
    finally:
        holder.kill()
        holder.wait(timeout=10)
        standby.release()
