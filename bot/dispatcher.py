"""The outbox dispatcher: sends queued Bot API calls, politely and never twice on success."""

from __future__ import annotations

import asyncio
import logging
import random
import time
import warnings
from collections import deque
from contextlib import suppress
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine
from telegram import (
    Bot,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)

from storage import outbox
from storage.types import utcnow

log = logging.getLogger(__name__)

PER_CHAT_INTERVAL = 1.0  # Telegram: about one message per second in a private chat
# Calls that put no new message in the chat: answering a pressed button (its spinner) and
# redrawing buttons. They are not held back by the per-chat interval, so the next question
# follows a press at once; they still count towards the overall rate.
NOT_MESSAGES = frozenset({"answerCallbackQuery", "editMessageReplyMarkup"})
GLOBAL_PER_SECOND = 30  # Telegram: about 30 messages per second overall
MAX_BACKOFF = 600.0
IDLE_POLL = 2.0  # catches rows written by other instances and lease expiries


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with jitter: ~1 s, 2 s, 4 s ... capped at 10 minutes."""
    base = min(MAX_BACKOFF, 2.0 ** max(0, attempts - 1))
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


class RateLimiter:
    """At most one message a second per chat and GLOBAL_PER_SECOND overall (this instance)."""

    def __init__(self, per_chat: float = PER_CHAT_INTERVAL, per_second: int = GLOBAL_PER_SECOND):
        self.per_chat = per_chat
        self.per_second = per_second
        self._last: dict[int, float] = {}
        self._recent: deque[float] = deque()
        self.paused_until = 0.0

    def wait_for(self, chat_id: int, now: float, *, message: bool = True) -> float:
        """Seconds until `chat_id` may be sent to (0 when it may be now); `message` False
        for calls that add no message to the chat (only the overall rate applies)."""
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        waits = [self.paused_until - now]
        if message:
            waits.append(self._last.get(chat_id, -1e9) + self.per_chat - now)
        if len(self._recent) >= self.per_second:
            waits.append(self._recent[0] + 1.0 - now)
        return max(0.0, *waits)

    def taken(self, chat_id: int, now: float, *, message: bool = True) -> None:
        if message:
            self._last[chat_id] = now
        self._recent.append(now)
        if len(self._last) > 10_000:  # forget chats idle for a while
            self._last = {c: t for c, t in self._last.items() if now - t < self.per_chat}


class Dispatcher:
    """Runs as one asyncio task; `wake()` after a commit that added outbox rows."""

    def __init__(self, engine: Engine, bot: Bot, *, limiter: RateLimiter | None = None):
        self.engine = engine
        self.bot = bot
        self.limiter = limiter or RateLimiter()
        self._wake = asyncio.Event()
        self._in_flight: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            try:
                delay = await self.send_due()
            except Exception:
                log.exception("outbox dispatch round failed")
                delay = IDLE_POLL
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
            self._wake.clear()

    async def drain(self) -> None:
        """Wait for sends in flight (used at shutdown)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def send_due(self) -> float:
        """Start sending every row that may go now; returns how long to sleep."""
        rows = await asyncio.to_thread(outbox.candidates, self.engine)
        now_utc = utcnow()
        clock = time.monotonic()
        sleep = IDLE_POLL
        for row in rows:
            assert row.id is not None
            if row.id in self._in_flight:
                continue
            if not outbox.is_due(row, now_utc):
                due = row.next_attempt_at if row.status == "pending" else row.claimed_until
                if due is not None:
                    sleep = min(sleep, max(0.01, (due - now_utc).total_seconds()))
                continue
            message = row.method not in NOT_MESSAGES
            # Emergency numbers do not wait for the chat's one-second pacing (a "yes" pressed
            # just after the receipt): Telegram allows a short burst, and they are rare. They
            # still count, so the chat's next message keeps its second.
            paced = message and not row.urgent
            wait = self.limiter.wait_for(row.chat_id, clock, message=paced)
            if wait > 0:
                sleep = min(sleep, wait)
                continue
            if not await asyncio.to_thread(outbox.claim, self.engine, row_id=row.id, now=now_utc):
                continue
            self.limiter.taken(row.chat_id, clock, message=message)
            self._in_flight.add(row.id)
            task = asyncio.create_task(self._send(row))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return sleep

    async def _send(self, row: outbox.Head) -> None:
        assert row.id is not None
        try:
            result = await self._call(row)
        except RetryAfter as error:
            with warnings.catch_warnings():
                # PTB 22 warns that retry_after becomes a timedelta; _seconds takes both.
                warnings.simplefilter("ignore")
                seconds = _seconds(error.retry_after)
            self.limiter.paused_until = time.monotonic() + seconds
            await self._retry(row, timedelta(seconds=seconds), f"429 retry after {seconds}s", False)
        except Forbidden as error:
            await asyncio.to_thread(
                outbox.mark_undeliverable,
                self.engine,
                row_id=row.id,
                error=str(error),
                blocked=True,
            )
        except (BadRequest, ChatMigrated, InvalidToken) as error:
            # Telegram says this call can never succeed as it stands; keep it, marked failed.
            log.warning("outbox row %s refused: %s", row.id, error)
            await asyncio.to_thread(
                outbox.mark_undeliverable,
                self.engine,
                row_id=row.id,
                error=str(error),
                blocked=False,
            )
        except NetworkError as error:  # 5xx, timeouts and connection errors
            await self._retry(
                row, backoff(row.attempts + 1), f"{type(error).__name__}: {error}", True
            )
        except Exception as error:
            log.exception("outbox row %s failed unexpectedly", row.id)
            await self._retry(
                row, backoff(row.attempts + 1), f"{type(error).__name__}: {error}", True
            )
        else:
            message_id = result.message_id if isinstance(result, Message) else None
            await asyncio.to_thread(
                outbox.mark_sent, self.engine, row_id=row.id, telegram_message_id=message_id
            )
        finally:
            self._in_flight.discard(row.id)
            self.wake()

    async def _call(self, row: outbox.Head) -> Any:
        kwargs = dict(row.payload)
        if row.method == "sendMessage":
            markup = _reply_markup(kwargs.pop("reply_markup", None))
            return await self.bot.send_message(**kwargs, reply_markup=markup)
        with warnings.catch_warnings():
            # PTB nudges towards typed methods; the outbox stays generic for the others.
            warnings.simplefilter("ignore")
            return await self.bot.do_api_request(row.method, api_kwargs=kwargs)

    async def _retry(self, row: outbox.Head, delay: timedelta, error: str, count: bool) -> None:
        assert row.id is not None
        await asyncio.to_thread(
            outbox.mark_retry, self.engine, row_id=row.id, delay=delay, error=error, count=count
        )


def _seconds(value: Any) -> float:
    return float(value.total_seconds()) if isinstance(value, timedelta) else float(value)


def _reply_markup(
    data: dict[str, Any] | None,
) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    if not data:
        return None
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.de_json(data, None)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.de_json(data, None)
    if data.get("remove_keyboard"):
        return ReplyKeyboardRemove()
    raise ValueError(f"unknown reply_markup: {sorted(data)}")
