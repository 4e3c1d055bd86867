"""Shared fixtures: a real database (SQLite or PostgreSQL), the fake Bot API and the app."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from storage import staff as staff_repo
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


# Production's Argon2 parameters (64 MiB, three passes) cost most of a second per hash on
# the CI machine; tests that sign staff in hash dozens of times. Tests use the cheapest
# parameters; tests/storage/test_staff_passwords.py checks the production ones.
PRODUCTION_HASHER = staff_repo._hasher


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    staff_repo._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    staff_repo._hasher = PRODUCTION_HASHER


def _postgres_admin() -> Engine:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable: {error}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error}")
    return admin


def _schema_url(schema: str) -> str:
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """The migrations, run once per test session: a SQLite file to copy, or (PostgreSQL)
    a dump of a migrated schema, its name written as a placeholder, to replay. Without
    `pg_dump` (a server elsewhere, no client installed) each test migrates its schema."""
    if _backend() != "postgres":
        path = tmp_path_factory.mktemp("template") / "sagak.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
        yield str(path)
        return
    if shutil.which("pg_dump") is None:
        yield None
        return
    admin = _postgres_admin()
    schema = f"template_{secrets.token_hex(6)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        engine = make_engine(_schema_url(schema))
        upgrade(engine)
        engine.dispose()
        url = make_url(POSTGRES_URL)
        dump = subprocess.run(
            [
                "pg_dump",
                f"--dbname={url.set(drivername='postgresql').render_as_string(False)}",
                f"--schema={schema}",
                "--inserts",
                "--no-owner",
                "--no-privileges",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        # Replayed through SQLAlchemy: psql meta-commands and the search_path reset go.
        lines = [
            line
            for line in dump.splitlines()
            if not line.startswith("\\") and "set_config('search_path'" not in line
        ]
        yield "\n".join(lines).replace(schema, "{schema}")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def database_url(tmp_path: Any, _migrated_template: str | None) -> Iterator[str]:
    """A fresh database at the newest schema for one test: a copy of the session's migrated
    SQLite file, or a PostgreSQL schema replayed from the migrated template's dump."""
    if _backend() != "postgres":
        assert _migrated_template is not None
        path = Path(tmp_path) / "sagak.db"
        shutil.copyfile(_migrated_template, path)
        yield f"sqlite:///{path}"
        return
    admin = _postgres_admin()
    schema = f"t_{secrets.token_hex(6)}"
    with admin.begin() as connection:
        if _migrated_template is None:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        else:
            connection.exec_driver_sql(_migrated_template.replace("{schema}", schema))
    if _migrated_template is None:
        migrating = make_engine(_schema_url(schema))
        upgrade(migrating)
        migrating.dispose()
    try:
        yield _schema_url(schema)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
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
