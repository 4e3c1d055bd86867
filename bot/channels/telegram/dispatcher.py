"""The outbox dispatcher: sends queued Bot API calls, politely and never twice on success."""

from __future__ import annotations

import asyncio
import logging
import random
import time
import warnings
from contextlib import suppress
from datetime import timedelta
from typing import Any

import httpx
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
    TimedOut,
)

from bot.channels.telegram.rate_limiter import (
    GLOBAL_PER_SECOND,
    NOT_MESSAGES,
    PER_CHAT_INTERVAL,
    RateLimiter,
)
from storage import outbox
from storage.sender_lock import SenderLock, bot_key
from storage.types import utcnow

log = logging.getLogger(__name__)
__all__ = ["GLOBAL_PER_SECOND", "PER_CHAT_INTERVAL", "Dispatcher", "RateLimiter", "backoff"]

MAX_BACKOFF = 600.0
IDLE_POLL = 2.0  # catches rows written by other instances and lease expiries
STANDBY_POLL = 1.0  # how often a process that is not the sender tries to become it
LOCK_CHECK = 1.0  # how often the sender checks it still holds the sender lock
# A call that has not answered by then has an unknown outcome (outbox.settle_unknown);
# below the claim lease, so a live sender always settles its rows before they expire.
SEND_TIMEOUT = 8.0


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with jitter: ~1 s, 2 s, 4 s ... capped at 10 minutes."""
    base = min(MAX_BACKOFF, 2.0 ** max(0, attempts - 1))
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


class Dispatcher:
    """Runs as one asyncio task; `wake()` after a commit that added outbox rows.

    Only the process holding the sender lock sends; the others stand by and take over
    within about STANDBY_POLL seconds when it stops or dies.
    """

    def __init__(
        self,
        engine: Engine,
        bot: Bot,
        *,
        limiter: RateLimiter | None = None,
        lock: SenderLock | None = None,
        lease: timedelta = outbox.CLAIM_LEASE,
        send_timeout: float = SEND_TIMEOUT,
    ):
        self.engine = engine
        self.bot = bot
        self.limiter = limiter or RateLimiter()
        self.lock = lock or SenderLock(engine, bot=bot_key(bot.token))
        self.lease = lease
        self.send_timeout = send_timeout
        self._wake = asyncio.Event()
        self._in_flight: set[int] = set()
        self._waiting = 0  # claimed sends not yet through the limiter
        self._tasks: set[asyncio.Task[None]] = set()
        self._lock_checked = 0.0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            if not await self._lead():
                await asyncio.sleep(STANDBY_POLL)
                continue
            try:
                delay = await self.send_due()
            except Exception:
                log.exception("outbox dispatch round failed")
                delay = IDLE_POLL
            # asyncio.timeout, not wait_for: Python 3.11's wait_for can swallow a cancel.
            with suppress(TimeoutError):
                async with asyncio.timeout(min(delay, LOCK_CHECK)):
                    await self._wake.wait()
            self._wake.clear()

    async def drain(self) -> None:
        """Wait for sends in flight (used at shutdown)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        """After `run` was cancelled: let claimed sends finish and be recorded, then hand
        the sender lock to a standby process."""
        await self.drain()
        await asyncio.to_thread(self.lock.release)

    async def _lead(self) -> bool:
        """True while this process is the bot's sender (taking over when it may)."""
        clock = time.monotonic()
        if self.lock.held:
            if clock - self._lock_checked < LOCK_CHECK:
                return True
            self._lock_checked = clock
            if await asyncio.to_thread(self.lock.still_held):
                return True
        try:
            if not await asyncio.to_thread(self.lock.try_acquire):
                return False
        except Exception as error:
            log.warning("cannot reach the database for the sender lock: %s", error)
            return False
        self._lock_checked = time.monotonic()
        log.info("this process now sends for the bot")
        await self._remember_recent_sends()
        return True

    async def _remember_recent_sends(self) -> None:
        """Pace from what the previous sender (or this process before a restart) sent."""
        window = timedelta(seconds=self.limiter.per_chat + self.limiter.margin + 1.0)
        now_utc, clock = utcnow(), time.monotonic()
        sent = await asyncio.to_thread(outbox.recent_sends, self.engine, since=now_utc - window)
        self.limiter.remember(
            [
                (chat, clock - (now_utc - at).total_seconds(), method not in NOT_MESSAGES)
                for chat, at, method in sent
            ]
        )

    async def send_due(self) -> float:
        """Start sending every row that may go now; returns how long to sleep."""
        rows = await asyncio.to_thread(outbox.candidates, self.engine)
        now_utc = utcnow()
        sleep = IDLE_POLL
        for row in rows:
            if row.id in self._in_flight:
                continue
            if not outbox.is_due(row, now_utc):
                due = row.next_attempt_at if row.status == "pending" else row.claimed_until
                if due is not None:
                    sleep = min(sleep, max(0.01, (due - now_utc).total_seconds()))
                continue
            if row.status == "sending":
                # Its sender died holding it (a live one settles its rows within SEND_TIMEOUT).
                await asyncio.to_thread(
                    outbox.settle_unknown,
                    self.engine,
                    row_id=row.id,
                    error="the sender stopped before Telegram answered",
                    expired_at=now_utc,
                )
                sleep = 0.0
                continue
            if self._waiting >= self.limiter.per_second:
                break  # enough claimed for the next second; the rest stay free to claim
            message = row.method not in NOT_MESSAGES
            # Emergency numbers do not wait for the chat's one-second pacing (a "yes" pressed
            # just after the receipt): Telegram allows a short burst, and they are rare. They
            # still count, so the chat's next message keeps its second.
            paced = message and not row.urgent
            wait = self.limiter.wait_for(row.chat_id, time.monotonic(), message=paced)
            if wait > 0:
                sleep = min(sleep, wait)
                continue
            if not await asyncio.to_thread(
                outbox.claim, self.engine, row_id=row.id, now=now_utc, lease=self.lease
            ):
                continue
            self._in_flight.add(row.id)
            self._waiting += 1
            task = asyncio.create_task(self._send(row))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return sleep

    async def _paced(self, row: outbox.Head) -> None:
        """Wait for the limiter, then record the send: the clock is read for each send just
        before its request, never once for a whole round (that let 53 go in one second)."""
        message = row.method not in NOT_MESSAGES
        paced = message and not row.urgent  # emergency numbers skip the chat's pacing
        try:
            # A deadline, not an event: the limiter says how long to wait.
            while True:
                wait = self.limiter.wait_for(row.chat_id, time.monotonic(), message=paced)
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            # No await between the check above and this: tasks cannot interleave here.
            self.limiter.taken(row.chat_id, time.monotonic(), message=message)
        finally:
            self._waiting -= 1

    async def _send(self, row: outbox.Head) -> None:
        try:
            await self._paced(row)
            result = await asyncio.wait_for(self._call(row), timeout=self.send_timeout)
        except TimeoutError as error:  # SEND_TIMEOUT: the request may be at Telegram
            await self._unknown(row, error)
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
        except NetworkError as error:  # after BadRequest, which is one too
            if _maybe_delivered(error):
                await self._unknown(row, error)
            else:  # 5xx answers and connections that never carried the request
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

    async def _unknown(self, row: outbox.Head, error: BaseException) -> None:
        detail = f"outcome unknown: {type(error).__name__}: {error}"
        log.warning("outbox row %s: %s", row.id, detail)
        await asyncio.to_thread(outbox.settle_unknown, self.engine, row_id=row.id, error=detail)

    async def _retry(self, row: outbox.Head, delay: timedelta, error: str, count: bool) -> None:
        await asyncio.to_thread(
            outbox.mark_retry, self.engine, row_id=row.id, delay=delay, error=error, count=count
        )


def _maybe_delivered(error: NetworkError) -> bool:
    """True when the request may have reached Telegram: the connection broke while waiting
    for the answer. Errors before the request was written (connecting, a full pool) and
    answers Telegram gave (5xx) are safe to send again."""
    cause = error.__cause__
    if isinstance(error, TimedOut):
        before_request = isinstance(cause, (httpx.ConnectTimeout, httpx.PoolTimeout))
        return not before_request and "Pool timeout" not in str(error)
    return isinstance(cause, (httpx.ReadError, httpx.RemoteProtocolError))


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
