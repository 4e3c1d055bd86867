"""Running sagak in tests: the app with its lifespan, an HTTP client, and staff tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy.engine import Engine

from bot.channels.telegram.dispatcher import RateLimiter
from storage import staff as staff_repo
from storage.db import session_scope
from webhook.app import create_app
from webhook.settings import Settings

WEBHOOK_SECRET = "test-secret_0123456789"
STAFF_CHAT_ID = -100777
# Telegram's pacing is one message a second per chat; the conversation tests would spend
# most of their time waiting on it. They run with a short interval (the order of messages
# and the overall limit are unchanged); tests of the pacing itself pass `chat_interval`.
TEST_CHAT_INTERVAL = 0.05


@dataclass
class Sagak:
    """A running sagak app and an HTTP client to it."""

    client: httpx.AsyncClient
    engine: Engine

    async def deliver(
        self, update: dict[str, Any], secret: str | None = WEBHOOK_SECRET
    ) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return await self.client.post("/telegram/webhook", json=update, headers=headers)

    def staff_token(
        self, username: str = "kim", role: str = "staff", team: str | None = None
    ) -> str:
        with session_scope(self.engine) as session:
            account = staff_repo.create_staff(
                session, username=username, password="correct horse battery", role=role, team=team
            )
            assert account.id is not None
            return staff_repo.issue_token(session, staff_id=account.id)


@asynccontextmanager
async def start_sagak(
    settings: Settings, *, chat_interval: float = TEST_CHAT_INTERVAL
) -> AsyncIterator[Sagak]:
    """Run the app's lifespan (workers, scheduler) and talk to it over ASGI."""
    app = create_app(settings, limiter=RateLimiter(per_chat=chat_interval))
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sagak.test") as client:
            yield Sagak(client=client, engine=app.state.runtime.engine)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
