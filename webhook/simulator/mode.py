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

from storage import audit
from storage.db import session_scope
from webhook.settings import Settings
from webhook.simulator.botapi import BOT_ID, BotApiStandIn
from webhook.simulator.chats import ChatLog
from webhook.simulator.demo import seed as demo
from webhook.simulator.demo.seed import DEMO_ADMIN
from webhook.simulator.files import PhotoStore
from webhook.simulator.restore import PeopleFile, namer, restore
from webhook.simulator.updates import UpdateIds

# The URL PTB is given; requests never leave the process (see Simulator.application).
STAND_IN_URL = "http://telegram.simulator"
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

    def show_welcome(self) -> None:
        """Print the demo admin's password once, to the terminal that started the demo (never
        logged, never in real mode): last in start-up, where it is not lost among INFO lines."""
        if self.welcome is None:
            return
        sys.stderr.write(self.welcome)
        sys.stderr.flush()
        self.welcome = None

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
