"""Turning stored inbox updates into case changes and outbox rows, one transaction each."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from contextlib import nullcontext, suppress

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.channels.kakao.adapter import to_inbound as kakao_inbound
from bot.channels.telegram.adapter import to_inbound
from bot.conversation import DialogueConfig, handle
from bot.inbound import Inbound
from bot.outgoing import enqueue_reply
from storage import inbox
from storage.channels import Channel
from storage.models import InboxUpdate
from triage.prepared import Prepared, collecting

log = logging.getLogger(__name__)

# Rounds of applying an update with assessments worked out ahead; an ordinary turn needs one
# or two. Past this, the last round assesses as it goes (it must finish, slow or not).
MAX_ROUNDS = 4


def process_next(engine: Engine, config: DialogueConfig) -> bool:
    """Process the next update (see `inbox.claim_next`); False when there is none.

    The conversation's changes, the outbox rows and the inbox row's "processed" mark
    commit together, so a crash at any point leaves the update to be processed again.
    No transaction stays open while triage works on a long text (`triage.prepared`): a
    turn that needs none (commands, buttons, answers, ordinary reports) commits in the
    claim's own transaction; otherwise the update is leased, the assessments it asked for
    are worked out with no transaction open, and the turn is played again in a short one.
    """
    prepared = Prepared()
    claimed: tuple[int, int] | None = None  # (update_id, attempts before this one)
    try:
        with Session(engine, expire_on_commit=False) as session:
            row = inbox.claim_next(session)
            if row is None:
                return False
            claimed = (row.update_id, row.attempts)
            inbound = inbound_of(row)
            if _play(session, row, inbound, config, prepared, savepoint=True):
                session.commit()
                return True
            leased = inbox.lease(session, row)
            session.commit()
        for round_ in range(MAX_ROUNDS):
            prepared.compute_missing()  # the slow part, with no transaction open
            with Session(engine, expire_on_commit=False) as session:
                held = inbox.hold(session, leased)
                if held is None:
                    return True  # another instance took it over after the lease ran out
                last = round_ == MAX_ROUNDS - 1
                if _play(session, held, inbound, config, None if last else prepared):
                    session.commit()
                    return True
    except Exception as error:
        if claimed is None:
            raise
        _record_failure(engine, *claimed, error)
    return True


def play(session: Session, row: InboxUpdate, inbound: Inbound, config: DialogueConfig) -> None:
    """Apply one held update in the caller's transaction, assessing in place."""
    _play(session, row, inbound, config, None)


def _play(
    session: Session,
    row: InboxUpdate,
    inbound: Inbound,
    config: DialogueConfig,
    prepared: Prepared | None,
    *,
    savepoint: bool = False,
) -> bool:
    """One round of the turn; True when it is applied (replies queued, the row marked
    processed, ready to commit). False when it needed an assessment not worked out yet:
    its changes are rolled back and `prepared.missing` says what to work out. (The
    dialogue never commits, repositories never do, so a rollback undoes a round whole.)"""
    nested = session.begin_nested() if savepoint else None
    with collecting(prepared) if prepared is not None else nullcontext():
        replies = handle(session, inbound, config)
    if prepared is not None and prepared.missing:
        if nested is not None:
            nested.rollback()
        else:
            session.rollback()
        return False
    for reply in replies:
        enqueue_reply(session, reply)
    inbox.mark_processed(session, row)
    if nested is not None:
        nested.commit()
    return True


def inbound_of(row: InboxUpdate) -> Inbound:
    """The stored update or request read by its channel's adapter."""
    data = json.loads(row.payload)
    if row.channel == Channel.KAKAO:
        return kakao_inbound(data, update_id=row.update_id)
    return to_inbound(data)


def record_failure(engine: Engine, update_id: int, attempts: int, error: Exception) -> None:
    _record_failure(engine, update_id, attempts, error)


def _record_failure(engine: Engine, update_id: int, attempts: int, error: Exception) -> None:
    """Count the failure; the traceback is logged once per update, later tries in a line."""
    summary = f"{type(error).__name__}: {error}"
    row = inbox.record_failure(engine, update_id=update_id, error=summary)
    if row is not None and row.status == "failed":
        log.error("update %s parked after %s attempts: %s", update_id, row.attempts, summary)
    elif attempts == 0:
        log.warning("update %s failed, will retry", update_id, exc_info=error)
    else:
        log.warning("update %s failed again (attempt %s): %s", update_id, attempts + 1, summary)


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
