"""Telegram files into sagak's attachment store: in the background soon after a report
arrives, and at once when staff open an older attachment that was never fetched.

A ``file_id`` only works with the bot token that received it, so a city that changes its
bot would lose every photo left with Telegram. The download runs outside any database
transaction; only the bookkeeping (claim, keep, retry) touches the database.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram import Bot
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError

from bot.attachment_notice import REFUSAL_KEYS, refusal_text
from bot.inbound import Reply
from bot.outgoing import enqueue_reply
from storage import attachments
from storage.attachment_store import AttachmentStore
from storage.attachments import Limits
from storage.models import Attachment, Case, Message, Reporter
from storage.types import utcnow

log = logging.getLogger(__name__)
RETRY_SECONDS = (2, 15, 60, 300)
MAX_ATTEMPTS = len(RETRY_SECONDS) + 1
LEASE = timedelta(minutes=2)


def retry_delay(attempts: int) -> timedelta:
    """2 s, 15 s, 1 min, 5 min after the 1st..4th failure: a Telegram hiccup passes at once,
    an outage of minutes is waited out, and a lost file gives up (staff can still retry by
    opening it)."""
    return timedelta(seconds=RETRY_SECONDS[min(attempts, len(RETRY_SECONDS)) - 1])


@dataclass
class FileFetcher:
    """Fetches attachments through the Bot API into the store."""

    engine: Engine
    bot: Bot
    store: AttachmentStore
    limits: Limits

    async def fetch(self, attachment_id: int, *, tell_reporter: bool) -> Attachment | None:
        """Try once to bring one row's file into the store; returns the row as it ends up.
        ``tell_reporter``: a refusal is explained to the reporter (new files only)."""
        row = await asyncio.to_thread(self._load, attachment_id)
        if row is None or row.status not in attachments.FETCHABLE or not row.telegram_file_id:
            return row
        if row.size is not None and row.size > self.limits.max_bytes:
            return await asyncio.to_thread(
                self._refuse, attachment_id, attachments.TOO_LARGE, tell_reporter
            )
        try:
            remote = await self.bot.get_file(row.telegram_file_id)
            if remote.file_size is not None and remote.file_size > self.limits.max_bytes:
                return await asyncio.to_thread(
                    self._refuse, attachment_id, attachments.TOO_LARGE, tell_reporter
                )
            content = bytes(await remote.download_as_bytearray())
        except BadRequest as error:
            if "too big" in error.message.lower():
                return await asyncio.to_thread(
                    self._refuse, attachment_id, attachments.TOO_LARGE, tell_reporter
                )
            # An unknown or expired file_id stays that way: no point retrying.
            log.warning("attachment %s: Telegram no longer has the file", attachment_id)
            return await asyncio.to_thread(self._failed, attachment_id, False)
        except (Forbidden, InvalidToken):
            log.warning("attachment %s: the bot token cannot fetch this file", attachment_id)
            return await asyncio.to_thread(self._failed, attachment_id, False)
        except (TelegramError, OSError, RuntimeError) as error:  # RuntimeError: PTB not started
            log.info("attachment %s not fetched yet (%s)", attachment_id, type(error).__name__)
            return await asyncio.to_thread(self._failed, attachment_id, True)
        return await asyncio.to_thread(self._keep, attachment_id, content, tell_reporter)

    def _load(self, attachment_id: int) -> Attachment | None:
        with Session(self.engine, expire_on_commit=False) as session:
            return session.get(Attachment, attachment_id)

    def _keep(self, attachment_id: int, content: bytes, tell: bool) -> Attachment | None:
        with Session(self.engine, expire_on_commit=False) as session:
            row = attachments.keep_bytes(
                session,
                self.store,
                attachment_id=attachment_id,
                content=content,
                limits=self.limits,
            )
            if row is not None and row.status == "refused" and tell:
                self._tell_reporter(session, row)
            session.commit()
            return row

    def _refuse(self, attachment_id: int, reason: str, tell: bool) -> Attachment | None:
        with Session(self.engine, expire_on_commit=False) as session:
            row = attachments.refuse(session, attachment_id=attachment_id, reason=reason)
            if row is not None and row.status == "refused" and tell:
                self._tell_reporter(session, row)
            session.commit()
            return row

    def _failed(self, attachment_id: int, transient: bool) -> Attachment | None:
        with Session(self.engine, expire_on_commit=False) as session:
            current = session.get(Attachment, attachment_id)
            attempts = (current.fetch_attempts if current is not None else 0) + 1
            retry_at = None
            if transient and attempts < MAX_ATTEMPTS:
                retry_at = utcnow() + retry_delay(attempts)
            row = attachments.fetch_failed(session, attachment_id=attachment_id, retry_at=retry_at)
            session.commit()
            return row

    def _tell_reporter(self, session: Session, row: Attachment) -> None:
        message = session.get(Message, row.message_id)
        case = session.get(Case, row.case_id)
        if case is None or case.reporter_id is None or row.refused_reason not in REFUSAL_KEYS:
            return
        # A volunteer's visit photo hangs on the resident's case: the resident did not send
        # it and must not hear about it (staff see the refusal on the case page).
        if message is None or message.author != "reporter":
            return
        reporter = session.get(Reporter, case.reporter_id)
        if reporter is None or not reporter.reachable or reporter.forgotten_at is not None:
            return
        text = refusal_text(reporter.language, row.refused_reason, self.limits)
        reply = Reply(
            chat_id=reporter.chat_id, text=text, language=reporter.language, case_id=row.case_id
        )
        enqueue_reply(session, reply)


class FetchWorker:
    """Fetches new attachments in the background; several instances share the work
    through short claims on the rows (a dead instance's claim runs out)."""

    def __init__(self, fetcher: FileFetcher, on_outbox: Callable[[], None]) -> None:
        self.fetcher = fetcher
        self.on_outbox = on_outbox
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, *, poll: float = 5.0) -> None:
        while True:
            self._wake.clear()
            try:
                while await self.fetch_due():
                    pass
            except Exception:
                log.exception("attachment fetch round failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=poll)

    async def fetch_due(self) -> int:
        """Fetch one batch of due rows; returns how many were tried."""
        ids = await asyncio.to_thread(self._claim)
        told = False
        for attachment_id in ids:
            row = await self.fetcher.fetch(attachment_id, tell_reporter=True)
            told = told or (row is not None and row.status == "refused")
        if told:
            self.on_outbox()
        return len(ids)

    def _claim(self) -> list[int]:
        with Session(self.fetcher.engine, expire_on_commit=False) as session:
            rows = attachments.claim_due(session, now=utcnow(), lease=LEASE)
            session.commit()
            return [row.id for row in rows if row.id is not None]
