"""Shared fixtures: a real database (SQLite or PostgreSQL), the fake Bot API and the app."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from storage.db import make_engine
from storage.migrate import upgrade
from tests.fake_telegram import FakeTelegram
from tests.harness import STAFF_CHAT_ID, WEBHOOK_SECRET, Sagak, start_sagak
from webhook.settings import Settings

POSTGRES_URL = os.environ.get(
    "SAGAK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _backend() -> str:
    return os.environ.get("SAGAK_TEST_DATABASE", "sqlite")


def pytest_report_header() -> str:
    return f"sagak test database: {_backend()}"


@pytest.fixture
def database_url(tmp_path: Any) -> Iterator[str]:
    """A fresh, empty database for one test: a SQLite file, or a PostgreSQL schema."""
    if _backend() != "postgres":
        yield f"sqlite:///{tmp_path / 'sagak.db'}"
        return
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable: {error}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error}")
    schema = f"t_{secrets.token_hex(6)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def fake_telegram(fake_server: FakeTelegram) -> FakeTelegram:
    fake_server.reset()
    return fake_server


@pytest.fixture
def settings(database_url: str, fake_telegram: FakeTelegram, tmp_path: Any) -> Settings:
    return Settings.load(
        env_file=None,
        database_url=database_url,
        data_dir=tmp_path,
        telegram_token=fake_telegram.token,
        telegram_api_url=fake_telegram.url,
        webhook_secret=WEBHOOK_SECRET,
        staff_chat_id=STAFF_CHAT_ID,
    )


@pytest.fixture
async def sagak(settings: Settings) -> AsyncIterator[Sagak]:
    async with start_sagak(settings) as running:
        yield running
