"""Simulator mode: the parts the runtime builds instead of a connection to Telegram."""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from dataclasses import dataclass

import httpx
from sqlalchemy.engine import Engine
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from storage import audit, demo
from storage.db import session_scope
from webhook.settings import Settings
from webhook.simulator.botapi import BOT_ID, BotApiStandIn
from webhook.simulator.chats import ChatLog
from webhook.simulator.files import PhotoStore
from webhook.simulator.restore import PeopleFile, namer, restore
from webhook.simulator.updates import UpdateIds

# The URL PTB is given; requests never leave the process (see Simulator.application).
STAND_IN_URL = "http://telegram.simulator"
DEMO_ADMIN = "demo"
log = logging.getLogger("sagak")


@dataclass
class Simulator:
    """The stand-in Bot API, the chats it records and the people playing in them."""

    chats: ChatLog
    photos: PhotoStore
    bot_api: BotApiStandIn
    update_ids: UpdateIds
    staff_chat_id: int | None
    people: PeopleFile
    # The demo admin's password, boxed, for the end of start-up (None once it was shown).
    welcome: str | None = None

    @classmethod
    def create(cls, settings: Settings) -> Simulator:
        chats = ChatLog(staff_chat_id=settings.telegram.staff_chat_id)
        photos = PhotoStore(settings.database.data_dir / "simulator")
        # A fresh token each start: nothing outside this process can call the stand-in.
        token = f"{BOT_ID}:{secrets.token_urlsafe(24)}"
        return cls(
            chats=chats,
            photos=photos,
            bot_api=BotApiStandIn(token=token, chats=chats, photos=photos),
            update_ids=UpdateIds(),
            staff_chat_id=settings.telegram.staff_chat_id,
            people=PeopleFile(settings.database.data_dir / "simulator" / "people.json"),
        )

    def application(self) -> Application:
        """The same PTB Application as for Telegram, talking HTTP to the in-process stand-in."""

        def request() -> HTTPXRequest:
            transport = httpx.ASGITransport(app=self.bot_api.app)
            return HTTPXRequest(httpx_kwargs={"transport": transport})

        return (
            ApplicationBuilder()
            .token(self.bot_api.token)
            .base_url(f"{STAND_IN_URL}/bot")
            .base_file_url(f"{STAND_IN_URL}/file/bot")
            .request(request())
            .get_updates_request(request())
            .updater(None)
            .build()
        )


async def start_simulator(settings: Settings, engine: Engine) -> Simulator:
    """Build the simulator and make sure someone can sign in to the staff pages."""
    welcome = await asyncio.to_thread(_ensure_demo_admin, settings, engine)
    simulator = Simulator.create(settings)
    simulator.welcome = welcome
    simulator.chats.name_of = namer(engine)
    await asyncio.to_thread(restore, simulator.chats, simulator.people, engine)
    return simulator


def _ensure_demo_admin(settings: Settings, engine: Engine) -> str | None:
    """Create the demo admin on the first start; returns the boxed notice to print then."""
    given = settings.simulator.demo_admin_password
    password = given.get_secret_value() if given is not None else secrets.token_urlsafe(12)
    with session_scope(engine) as session:
        created = demo.ensure_demo_admin(session, username=DEMO_ADMIN, password=password)
        if created:
            audit.record(
                session, action="staff_created", actor="simulator", detail={"username": DEMO_ADMIN}
            )
    if not created:
        return None
    shown = "(from SAGAK_DEMO_ADMIN_PASSWORD)" if given is not None else password
    return boxed(
        [
            "sagak simulator: the demo admin account (shown only this once)",
            f"  username: {DEMO_ADMIN}",
            f"  password: {shown}",
            "  sign in at /admin/login",
            f"  missed it? sagak staff reset-password {DEMO_ADMIN}",
        ]
    )


def boxed(lines: list[str]) -> str:
    """Lines in a frame, so they stand out among the start-up log."""
    width = max(len(line) for line in lines)
    rule = "+" + "-" * (width + 2) + "+"
    body = [f"| {line.ljust(width)} |" for line in lines]
    return "\n".join(["", rule, *body, rule, ""]) + "\n"


def show_welcome(simulator: Simulator) -> None:
    """Print the demo admin's password once, to the terminal that started the demo (never
    logged, never in real mode): last in start-up, where it is not lost among INFO lines."""
    if simulator.welcome is None:
        return
    sys.stderr.write(simulator.welcome)
    sys.stderr.flush()
    simulator.welcome = None


def retire_demo_leftovers(engine: Engine) -> None:
    """With a real bot: disable the simulator's `demo` admin (its password was printed in a
    terminal) and warn about demo cases still in the queue. Not refused: the webhook must
    come up, and the demo cases are the operator's to judge (see docs/operations.md)."""
    with session_scope(engine) as session:
        disabled = demo.retire_demo_admin(session, username=DEMO_ADMIN)
        if disabled:
            audit.record(
                session,
                action="staff_disabled",
                actor="system",
                detail={"username": DEMO_ADMIN, "why": "real Telegram token configured"},
            )
        seeded = demo.demo_case_count(session)
    if disabled:
        log.warning(
            "a real Telegram token is set, so the simulator's demo admin account %r was "
            "DISABLED (its sessions ended, its API tokens revoked). Create real accounts "
            "with `sagak staff add`; an admin can re-enable %r on /admin/staff if needed.",
            DEMO_ADMIN,
            DEMO_ADMIN,
        )
    if seeded:
        log.warning(
            "this database still holds %d demo cases from `sagak demo seed` (reporters "
            "%d..%d, counsellors %s); they are in the staff queue and statistics. Start "
            "production on a fresh database (SAGAK_DATABASE_URL), see docs/operations.md.",
            seeded,
            demo.DEMO_USERS,
            demo.LAST_DEMO_USER,
            ", ".join(demo.COUNSELLORS),
        )
