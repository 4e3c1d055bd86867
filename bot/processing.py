"""Turning stored inbox updates into case changes and outbox rows, one transaction each."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from contextlib import nullcontext, suppress

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.conversation import DialogueConfig, handle
from bot.inbound import Inbound
from bot.outgoing import enqueue_reply
from bot.telegram_adapter import to_inbound
from storage import inbox
from triage.prepared import AssessmentNeeded, Prepared, only_prepared

log = logging.getLogger(__name__)

# Rounds of applying an update before the last assessments are computed inside the
# transaction after all; an ordinary turn needs two to four (one per assessment).
MAX_ROUNDS = 8


def process_next(engine: Engine, config: DialogueConfig) -> bool:
    """Process the next update (see `inbox.claim_next`); False when there is none.

    The conversation's changes, the outbox rows and the inbox row's "processed" mark
    commit together, so a crash at any point leaves the update to be processed again.
    No transaction stays open while triage works: the update is leased in one short
    transaction, and applied in another once the assessments it needs are worked out.
    """
    leased = inbox.lease_next(engine)
    if leased is None:
        return False
    try:
        inbound = to_inbound(json.loads(leased.payload))
        prepared = Prepared()
        for _ in range(MAX_ROUNDS):
            try:
                _apply(engine, config, leased, inbound, prepared)
                return True
            except AssessmentNeeded as needed:
                prepared.compute(needed)  # the slow part, with no transaction open
        _apply(engine, config, leased, inbound, None)
    except Exception as error:
        _record_failure(engine, leased, error)
    return True


def _apply(
    engine: Engine,
    config: DialogueConfig,
    leased: inbox.Leased,
    inbound: Inbound,
    prepared: Prepared | None,
) -> None:
    """One short transaction: the turn, its replies and the "processed" mark."""
    with Session(engine, expire_on_commit=False) as session:
        row = inbox.hold(session, leased)
        if row is None:
            return  # another instance took it over after the lease ran out
        with only_prepared(prepared) if prepared is not None else nullcontext():
            replies = handle(session, inbound, config)
        for reply in replies:
            enqueue_reply(session, reply)
        inbox.mark_processed(session, row)
        session.commit()


def _record_failure(engine: Engine, leased: inbox.Leased, error: Exception) -> None:
    """Count the failure; the traceback is logged once per update, later tries in a line."""
    summary = f"{type(error).__name__}: {error}"
    row = inbox.record_failure(engine, update_id=leased.update_id, error=summary)
    if row is not None and row.status == "failed":
        log.error("update %s parked after %s attempts: %s", row.update_id, row.attempts, summary)
    elif leased.attempts == 0:
        log.warning("update %s failed, will retry", leased.update_id, exc_info=error)
    else:
        log.warning(
            "update %s failed again (attempt %s): %s",
            leased.update_id,
            leased.attempts + 1,
            summary,
        )


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
