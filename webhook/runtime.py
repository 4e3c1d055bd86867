"""The parts one running sagak holds, built in the app's lifespan and torn down after."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.engine import Engine
from telegram.ext import Application, ApplicationBuilder

from bot.attachment_fetch import FetchWorker, FileFetcher
from bot.catalog import DEFAULT_LANGUAGE, LANGUAGES
from bot.commands import bot_commands
from bot.conversation import DialogueConfig
from bot.dispatcher import Dispatcher, RateLimiter
from bot.processing import InboxWorker
from storage import server_keys
from storage.attachment_store import AttachmentStore, file_store
from storage.attachments import Limits
from storage.db import make_engine
from storage.migrate import upgrade
from webhook.scheduled import start_queue_jobs
from webhook.settings import Settings

if TYPE_CHECKING:
    from webhook.simulator.mode import Simulator

log = logging.getLogger("sagak")
SWEEP_SECONDS = 5
# `sagak worker`: the updates and rows it works on are written by other processes.
WORKER_SWEEP_SECONDS = 1.0


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    application: Application | None = None
    dispatcher: Dispatcher | None = None
    inbox_worker: InboxWorker | None = None
    scheduler: AsyncIOScheduler | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    ingest_in_flight: int = 0  # webhook requests storing an update right now
    simulator: Simulator | None = None  # simulator mode (no token): see webhook/simulator/
    login_form_key: bytes = b""  # signs the sign-in form's token (storage.server_keys)
    store: AttachmentStore | None = None  # attachment bytes (storage.attachment_store)
    limits: Limits = field(default_factory=Limits)
    file_fetcher: FileFetcher | None = None  # Telegram files into the store
    fetch_worker: FetchWorker | None = None

    def turn_done(self) -> None:
        """Call after a stored update was processed: replies go out, new files are fetched."""
        self.outbox_written()
        if self.fetch_worker is not None:
            self.fetch_worker.wake()

    def outbox_written(self) -> None:
        """Call after committing outbox rows: the dispatcher sends them at once."""
        if self.dispatcher is not None:
            self.dispatcher.wake()

    @property
    def bot_username(self) -> str | None:
        """The bot's @username from getMe, once the Bot API has answered."""
        if self.application is None:
            return None
        try:
            return self.application.bot.username
        except RuntimeError:  # not initialised: the Bot API was unreachable at start
            return None

    def update_stored(self) -> None:
        if self.inbox_worker is not None:
            self.inbox_worker.wake()


def build_application(settings: Settings) -> Application:
    telegram = settings.telegram
    if telegram.token is None:
        raise ValueError("the Telegram channel is off: SAGAK_TELEGRAM_TOKEN is not set")
    return (
        ApplicationBuilder()
        .token(telegram.token.get_secret_value())
        .base_url(f"{telegram.api_base}/bot")
        .base_file_url(f"{telegram.api_base}/file/bot")
        .updater(None)
        .build()
    )


@asynccontextmanager
async def running(
    settings: Settings,
    *,
    limiter: RateLimiter | None = None,
    workers: bool = True,
    sweep_seconds: float = SWEEP_SECONDS,
) -> AsyncIterator[Runtime]:
    """Start everything for one process: database, Telegram channel, workers, scheduler.

    `workers` False (`sagak serve --no-workers`): only what the web needs (the database and
    the bot's name); stored updates and outbox rows wait for a `sagak worker` process.
    A worker process without the webhook sweeps every second (`sweep_seconds`), since the
    updates it processes are stored by other processes that cannot wake it."""
    engine = make_engine(settings.database.url)
    await asyncio.to_thread(upgrade, engine)
    runtime = Runtime(
        settings=settings,
        engine=engine,
        store=file_store(settings.database.data_dir),
        limits=Limits.of_mb(settings.attachments.max_mb),
    )
    runtime.login_form_key = await asyncio.to_thread(
        server_keys.load_or_create, engine, name=server_keys.LOGIN_FORM
    )
    scheduler = AsyncIOScheduler(timezone="UTC")
    runtime.scheduler = scheduler
    if workers:
        await start_queue_jobs(runtime)  # SLA sweep, digest, status notices, retention
    # The simulator is imported only when it runs (or has run): a real deployment never
    # loads the stand-in Bot API, and the import contract in pyproject.toml keeps it so.
    if settings.simulator.enabled:
        from webhook.simulator.mode import start_simulator

        runtime.simulator = await start_simulator(settings, engine)
    elif settings.telegram.enabled:
        from webhook.simulator.demo.retire import retire_demo_leftovers

        await asyncio.to_thread(retire_demo_leftovers, engine)  # after a trial run
    if settings.telegram.enabled or runtime.simulator is not None:
        application = (
            runtime.simulator.application()
            if runtime.simulator is not None
            else build_application(settings)
        )
        runtime.application = application
        await _initialize(application)
        if not application.running:
            scheduler.add_job(
                _initialize, "interval", args=[application], seconds=30, id="bot-connect"
            )
    if runtime.application is not None:
        assert runtime.store is not None
        runtime.file_fetcher = FileFetcher(
            engine, runtime.application.bot, runtime.store, runtime.limits
        )
    if workers and runtime.application is not None:
        application = runtime.application
        runtime.dispatcher = Dispatcher(engine, application.bot, limiter=limiter)
        config = DialogueConfig(
            staff_chat_id=settings.telegram.staff_chat_id,
            flood_per_minute=settings.conversation.flood_per_minute,
            daily_new_cases=settings.conversation.daily_new_cases,
            hotlines=settings.conversation.hotlines,
            retention_days=settings.retention.cases.days,
        )
        runtime.inbox_worker = InboxWorker(
            engine, config, runtime.turn_done, ingest_busy=lambda: runtime.ingest_in_flight > 0
        )
        assert runtime.file_fetcher is not None
        runtime.fetch_worker = FetchWorker(runtime.file_fetcher, runtime.outbox_written)
        runtime.tasks += [
            asyncio.create_task(runtime.dispatcher.run(), name="outbox-dispatcher"),
            asyncio.create_task(runtime.inbox_worker.run(), name="inbox-worker"),
            asyncio.create_task(runtime.fetch_worker.run(), name="attachment-fetch"),
        ]
        # A sweep picks up work left by a crash or written by another instance.
        scheduler.add_job(
            runtime.update_stored, "interval", seconds=sweep_seconds, id="inbox-sweep"
        )
        scheduler.add_job(
            runtime.outbox_written, "interval", seconds=sweep_seconds, id="outbox-sweep"
        )
    if runtime.application is not None:
        if runtime.simulator is not None:
            log.warning("SIMULATOR MODE: no real Telegram; residents are played at /simulator")
        else:
            log.info("Telegram channel on (Bot API at %s)", settings.telegram.api_base)
    else:
        log.warning(
            "Telegram channel is OFF: set SAGAK_TELEGRAM_TOKEN (and SAGAK_WEBHOOK_SECRET) "
            "to receive reports. The staff API and pages run without it."
        )
    scheduler.start()
    if runtime.simulator is not None:
        runtime.simulator.show_welcome()  # last, after the start-up log
    try:
        yield runtime
    finally:
        scheduler.shutdown(wait=False)
        for task in runtime.tasks:
            # Python 3.11's asyncio.wait_for can swallow a cancel that lands as the worker is
            # woken (a send finishing); cancel again until the task has really stopped.
            while not task.done():
                task.cancel()
                await asyncio.wait([task], timeout=0.5)
            with suppress(asyncio.CancelledError):
                await task
        if runtime.dispatcher is not None:
            await runtime.dispatcher.stop()
        if runtime.application is not None:
            with suppress(Exception):
                if runtime.application.running:
                    await runtime.application.stop()
                await runtime.application.shutdown()
        engine.dispose()


async def _initialize(application: Application) -> None:
    """Initialise PTB; an unreachable Bot API must not stop staff from working."""
    if application.running:
        return
    try:
        await application.initialize()
        await application.start()
    except Exception as error:
        log.error("Bot API not reachable at start (%s); messages wait in the outbox", error)
        return
    await _register_commands(application)


async def _register_commands(application: Application) -> None:
    """The command menu in each language (Telegram shows the one for the user's app)."""
    for language in (None, *LANGUAGES):
        try:
            await application.bot.set_my_commands(
                bot_commands(language or DEFAULT_LANGUAGE), language_code=language
            )
        except Exception as error:
            log.warning("setMyCommands failed (%s); the bot works without the menu", error)
            return
