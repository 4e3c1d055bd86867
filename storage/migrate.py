"""Applying Alembic migrations from code (used by `sagak db upgrade` and `sagak serve`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    # ConfigParser interpolation would choke on '%' in passwords.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database at `engine` to the newest schema."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two instances starting at once must not both run the same DDL.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7426101)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
