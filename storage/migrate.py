"""Applying Alembic migrations from code (used by `sagak db upgrade` and `sagak serve`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    # ConfigParser interpolation would choke on '%' in passwords.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database at `engine` to the newest schema."""
    _migrate(engine, "head", command.upgrade)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database at `engine` back to `revision` (tests and operators' rollbacks)."""
    _migrate(engine, revision, command.downgrade)


def _migrate(engine: Engine, revision: str, step: object) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with _migrating(engine) as connection:
        if connection.dialect.name == "postgresql":
            # Two instances starting at once must not both run the same DDL.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7426101)")
        config.attributes["connection"] = connection
        step(config, revision)  # type: ignore[operator]


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """One transaction for the migrations. On SQLite, foreign keys are off meanwhile:
    SQLite changes a column by rebuilding its table, and dropping the old table would
    break (or, with the keys on, refuse) the rows that point at it. The keys are checked
    before the transaction commits, and switched on again for the pool."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        raw: Any = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
        try:
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
