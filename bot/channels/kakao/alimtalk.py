"""AlimTalk nudges: "a reply to SG-XXXXXX is waiting in the channel", by text message to
the phone of a KakaoTalk reporter who consented to be contacted.

AlimTalk goes through a dealer under contract, so the sender is an interface: a city plugs
in its dealer's client. sagak ships `LoggingNotifier`, which only writes the nudge to the
log (the phone masked). A nudge goes once per reply, only for replies the Event API cannot
announce (the city has no REST API key, or the resident has not added the channel), and
the reply itself still waits for the resident's next message.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.catalog import t
from storage.channels import Channel
from storage.models import Case, Message, OutboxMessage, Reporter

log = logging.getLogger(__name__)


class AlimTalkNotifier(Protocol):
    """Sends one AlimTalk message; returns the dealer's id for it (raise on failure)."""

    async def notify(self, *, phone: str, text: str) -> str: ...


class LoggingNotifier:
    """Writes the nudge to the log instead of sending it (no dealer contract yet)."""

    async def notify(self, *, phone: str, text: str) -> str:
        log.info("AlimTalk to %s: %s", mask(phone), text)
        return "logged"


def mask(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"***{digits[-4:]}" if len(digits) >= 4 else "***"


class ReplyNudges:
    """Nudges consenting reporters about staff replies that nothing else will announce."""

    def __init__(self, engine: Engine, notifier: AlimTalkNotifier, *, events: bool):
        self.engine = engine
        self.notifier = notifier
        self.events = events  # the Event API announces replies to friends
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, *, poll: float = 5.0) -> None:
        while True:
            self._wake.clear()
            try:
                await self.nudge_waiting()
            except Exception:
                log.exception("AlimTalk round failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=poll)

    async def nudge_waiting(self) -> int:
        """One nudge per waiting reply not nudged yet; returns how many were sent."""
        due = await asyncio.to_thread(_due, self.engine, self.events)
        sent = 0
        for row_id, phone, text in due:
            try:
                receipt = await self.notifier.notify(phone=phone, text=text)
            except Exception as error:
                log.warning("AlimTalk nudge for outbox row %s failed: %s", row_id, error)
                receipt = ""
            await asyncio.to_thread(_record, self.engine, row_id, receipt or None)
            sent += bool(receipt)
        return sent


def _due(engine: Engine, events: bool) -> list[tuple[int, str, str]]:
    statement = (
        select(OutboxMessage, Reporter, Case)
        .join(Message, col(Message.id) == col(OutboxMessage.message_id))
        .join(Case, col(Case.id) == col(OutboxMessage.case_id))
        .join(Reporter, col(Reporter.id) == col(Case.reporter_id))
        .where(
            col(OutboxMessage.channel) == Channel.KAKAO,
            col(OutboxMessage.status) == "pending",
            col(Message.author) == "staff",
            col(Reporter.contact_consent),
            col(Reporter.phone).is_not(None),
        )
        .order_by(col(OutboxMessage.id))
    )
    due = []
    with Session(engine) as session:
        for row, reporter, case in session.exec(statement):
            if "alimtalk" in row.payload or row.id is None or reporter.phone is None:
                continue
            if events and reporter.channel_friend:
                continue  # the Event API announces it
            text = t(reporter.language, "kakao.alimtalk", reference=case.reference)
            due.append((row.id, reporter.phone, text))
    return due


def _record(engine: Engine, row_id: int, receipt: str | None) -> None:
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        if row is None:
            return
        row.payload = {**row.payload, "alimtalk": receipt or "failed"}
        session.add(row)
        message = session.get(Message, row.message_id) if row.message_id else None
        if message is not None and receipt:
            message.delivery = "nudged"
            session.add(message)
        session.commit()
