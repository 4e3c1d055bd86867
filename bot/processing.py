"""Turning stored inbox updates into case changes and outbox rows, one transaction each."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from contextlib import suppress

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.conversation import DialogueConfig, handle
from bot.outgoing import enqueue_reply
from bot.telegram_adapter import to_inbound
from storage import inbox

log = logging.getLogger(__name__)


def process_next(engine: Engine, config: DialogueConfig) -> bool:
    """Process the oldest processable update; False when there is none.

    The conversation's changes, the outbox rows and the inbox row's "processed" mark
    commit together, so a crash at any point leaves the update to be processed again.
    """
    update_id: int | None = None
    try:
        with Session(engine, expire_on_commit=False) as session:
            row = inbox.claim_next(session)
            if row is None:
                return False
            update_id = row.update_id
            for reply in handle(session, to_inbound(json.loads(row.payload)), config):
                enqueue_reply(session, reply)
            inbox.mark_processed(session, row)
            session.commit()
    except Exception as error:
        if update_id is None:
            raise
        log.exception("processing update %s failed", update_id)
        inbox.record_failure(engine, update_id=update_id, error=f"{type(error).__name__}: {error}")
    return True


def process_pending(engine: Engine, config: DialogueConfig, *, limit: int = 1000) -> int:
    """Process stored updates until none is left (or `limit`); returns how many."""
    done = 0
    while done < limit and process_next(engine, config):
        done += 1
    return done


class InboxWorker:
    """Processes stored updates in the background; `wake()` after storing one.

    While the webhook is busy taking updates in, the worker pauses briefly between updates:
    answering Telegram quickly keeps its delivery queue moving, and everything taken in is
    already durable, so processing can trail a burst by a little without losing anything.
    """

    BUSY_PAUSE = 0.01

    def __init__(
        self,
        engine: Engine,
        config: DialogueConfig,
        on_outbox: Callable[[], None],
        *,
        ingest_busy: Callable[[], bool] = lambda: False,
    ):
        self.engine = engine
        self.config = config
        self.on_outbox = on_outbox
        self.ingest_busy = ingest_busy
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, *, poll: float = 5.0) -> None:
        while True:
            self._wake.clear()
            try:
                while await asyncio.to_thread(process_next, self.engine, self.config):
                    self.on_outbox()
                    if self.ingest_busy():
                        await asyncio.sleep(self.BUSY_PAUSE)
            except Exception:
                log.exception("inbox processing round failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=poll)
