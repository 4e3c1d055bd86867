"""Driving the staff pages in tests: one HTTP client (cookie jar) per signed-in staff member."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from sqlmodel import Session, col, select

from bot.channels.telegram.dispatcher import RateLimiter
from storage import outbox
from storage import staff as staff_repo
from storage.db import session_scope
from storage.models import Case
from tests.fake_telegram import FakeTelegram
from tests.harness import TEST_CHAT_INTERVAL, WEBHOOK_SECRET
from tests.updates import Person
from webhook.app import create_app
from webhook.settings import Settings

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_in(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@dataclass
class StaffClient:
    """A browser-like client: keeps its session cookie and adds the CSRF token to forms."""

    http: httpx.AsyncClient
    username: str
    csrf: str = ""

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.get(path, **kwargs)

    async def post(
        self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True
    ) -> httpx.Response:
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.csrf)
        return await self.http.post(path, data=form)

    async def refresh_csrf(self) -> None:
        self.csrf = csrf_in((await self.get("/admin/stats")).text)


@dataclass
class Pages:
    """A running sagak with the pages, able to sign several staff members in at once."""

    app: Any  # the ASGI app as clients see it (inside the lifespan manager)
    fastapi: Any
    engine: Any
    stack: AsyncExitStack
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    telegram: httpx.AsyncClient | None = None

    def http(self, ip: str = "203.0.113.7") -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app, client=(ip, 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://sagak.test")
        self.clients.append(client)
        return client

    def add_staff(
        self, username: str, role: str = "staff", team: str | None = None, password: str = PASSWORD
    ) -> int:
        with session_scope(self.engine) as session:
            account = staff_repo.create_staff(
                session, username=username, password=password, role=role, team=team
            )
            assert account.id is not None
            return account.id

    def api_token(self, username: str) -> str:
        with session_scope(self.engine) as session:
            account = staff_repo.find_by_username(session, username=username)
            assert account is not None and account.id is not None
            return staff_repo.issue_token(session, staff_id=account.id)

    async def sign_in(self, username: str, password: str = PASSWORD) -> StaffClient:
        http = self.http()
        form = await http.get("/admin/login")
        response = await http.post(
            "/admin/login",
            data={"username": username, "password": password, "csrf_token": csrf_in(form.text)},
        )
        assert response.status_code == 303, response.text
        staff = StaffClient(http, username)
        await staff.refresh_csrf()
        return staff

    async def login(
        self, username: str, role: str = "staff", team: str | None = None
    ) -> StaffClient:
        """Create an account and sign it in."""
        self.add_staff(username, role, team)
        return await self.sign_in(username)

    async def deliver(self, update: dict[str, Any]) -> httpx.Response:
        """Telegram posts an update to the webhook."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        if self.telegram is None:
            self.telegram = self.http()
        return await self.telegram.post("/telegram/webhook", json=update, headers=headers)

    async def report(
        self, fake: FakeTelegram, person: Person, text: str, team: str | None = None
    ) -> Case:
        """A resident reports through the webhook; returns the case (routed to `team`)."""
        before = len(fake.sent(chat_id=person.id))
        await self.deliver(person.text(text))
        await fake.wait_for(chat_id=person.id, count=before + 1)
        with Session(self.engine, expire_on_commit=False) as session:
            case = session.exec(select(Case).order_by(col(Case.id).desc())).first()
            assert case is not None
            if team is not None:
                case.team = team
                session.add(case)
                session.commit()
            return case

    async def wait_for_row(self, model: Any, timeout: float = 10.0) -> Any:
        """The newest row of `model` once the inbox worker has written one."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            with Session(self.engine, expire_on_commit=False) as session:
                row = session.exec(select(model).order_by(col(model.id).desc())).first()
            if row is not None:
                return row
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no {model.__name__} row after {timeout}s")
            await asyncio.sleep(0.02)

    async def outbox_settled(self, timeout: float = 15.0) -> None:
        """Wait until every queued Bot API call was made, so that shutting down does not race
        the dispatcher (on Python 3.11 a wake-up at the moment of cancellation can swallow
        the cancellation of its loop)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while outbox.count_open(self.engine):
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("the outbox did not empty")
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)  # the send task's last wake-up

    def case(self, case_id: int) -> Case:
        with Session(self.engine, expire_on_commit=False) as session:
            case = session.get(Case, case_id)
            assert case is not None
            return case


@asynccontextmanager
async def start_pages(settings: Settings) -> AsyncIterator[Pages]:
    """Run sagak's lifespan and hand out clients to it."""
    app = create_app(settings, limiter=RateLimiter(per_chat=TEST_CHAT_INTERVAL))
    async with AsyncExitStack() as stack:
        manager = await stack.enter_async_context(
            LifespanManager(app, startup_timeout=30, shutdown_timeout=30)
        )
        pages = Pages(app=manager.app, fastapi=app, engine=app.state.runtime.engine, stack=stack)
        try:
            yield pages
        finally:
            with suppress(AssertionError):
                await pages.outbox_settled()
            for client in pages.clients:
                await client.aclose()
