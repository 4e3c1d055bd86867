"""Web and workers apart: `sagak serve --no-workers` stores, `sagak worker` does the rest."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage import inbox
from storage.models import InboxUpdate
from tests.fake_telegram import FakeTelegram
from tests.harness import WEBHOOK_SECRET
from tests.updates import Person
from webhook.app import create_app
from webhook.settings import Settings

REPORT = "옆집 할머니가 며칠째 안 보이세요. 문 앞에 우편물이 쌓여 있어요."


def _statuses(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(InboxUpdate.status)).all())


async def test_web_only_stores_the_update_and_leaves_the_work_to_a_worker(
    settings: Settings, engine: Engine, fake_telegram: FakeTelegram
) -> None:
    app = create_app(settings, workers=False)
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sagak.test") as client:
            answer = await client.post(
                "/telegram/webhook",
                json=Person(4242).text(REPORT),
                headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
            )
            assert answer.status_code == 200
            await asyncio.sleep(1.0)  # a worker in this process would have taken it by now
    assert _statuses(engine) == ["pending"]
    assert fake_telegram.sent(chat_id=4242) == []


async def test_the_worker_command_processes_stored_updates_and_sends(
    database_url: str, engine: Engine, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    # As a web process stores it: the worker is told nothing and finds it by itself.
    inbox.store_update(
        engine,
        update_id=777,
        chat_id=4243,
        payload=json.dumps(Person(4243).text(REPORT), ensure_ascii=False),
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGAK_")}
    env.update(
        SAGAK_DATABASE_URL=database_url,
        SAGAK_DATA_DIR=str(tmp_path),
        SAGAK_TELEGRAM_TOKEN=fake_telegram.token,
        SAGAK_TELEGRAM_API_URL=fake_telegram.url,
        SAGAK_WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "webhook", "worker"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        await fake_telegram.wait_for(chat_id=4243, timeout=30)
        worker.send_signal(signal.SIGTERM)
        _, errors = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, errors.decode()
    assert _statuses(engine) == ["processed"]
