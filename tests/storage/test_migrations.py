"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, col, select

import storage.models  # noqa: F401  (registers every table on SQLModel.metadata)


def test_the_migrated_database_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_a_database_from_the_release_with_reserved_migrations_is_repaired(engine: Engine) -> None:
    """The first release shipped 0002-0004 empty; its databases say 0004 without their schema."""
    from alembic import command

    from storage.migrate import alembic_config, upgrade

    url = engine.url.render_as_string(hide_password=False)
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")  # what the first release's 0001 built ...
        command.stamp(config, "0004")  # ... stamped 0004 by its empty placeholders
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, SQLModel.metadata) == []
        head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
        assert context.get_current_revision() == head


def test_cases_the_old_sweep_gave_more_time_get_their_deadline_back(engine: Engine) -> None:
    """Before 0006 a breach moved due_at to "now + the new level's SLA"; upgrading restores
    the deadline from the first breach event (its time less the minutes it was overdue)."""
    from datetime import timedelta

    from alembic import command
    from sqlmodel import Session

    from storage.migrate import alembic_config, upgrade
    from storage.models import Case, CaseEvent
    from storage.types import utcnow
    from tests.storage.reports import load, report

    deadline = utcnow() - timedelta(hours=3, minutes=19)
    case_id = report(engine, 1, "할아버지가 쓰러지셨어요", at=deadline - timedelta(hours=1))
    with Session(engine) as session:  # what the old sweep did at 02:30 past the deadline
        case = session.get(Case, case_id)
        assert case is not None
        case.priority, case.sla_breaches = "critical", 1
        case.due_at = utcnow() + timedelta(minutes=11)
        session.add(case)
        data = {"from": "critical", "to": "critical", "overdue_minutes": 150}
        breached = CaseEvent(case_id=case_id, kind="sla_breached", data=data)
        breached.at = deadline + timedelta(minutes=150, seconds=20)
        session.add(breached)
        session.commit()
    moved = load(engine, case_id).due_at
    with engine.begin() as connection:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    upgrade(engine)
    case = load(engine, case_id)
    assert deadline <= case.due_at <= deadline + timedelta(minutes=1)
    assert case.sla_next_alert_at == moved  # reminded when the old sweep would have


def test_attachments_from_before_sagak_kept_files_are_fetched_on_first_view(
    engine: Engine,
) -> None:
    """Upgrading marks rows whose bytes are still only with Telegram ``remote`` (fetched when
    staff open them), and rows retention already emptied ``erased``."""
    from alembic import command
    from sqlalchemy import text
    from sqlmodel import Session

    from storage import cases
    from storage.migrate import alembic_config, upgrade
    from storage.models import Attachment
    from tests.storage.reports import report

    case_id = report(engine, 1, "현관에 우편물이 쌓여 있어요")
    with engine.begin() as connection:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.downgrade(config, "0007_auth")
    with Session(engine) as session:
        [message_id] = [m.id for m in cases.timeline(session, case_id=case_id)]
    with engine.begin() as connection:
        for file_id in ("AgAD-old-photo", ""):
            connection.execute(
                text(
                    "INSERT INTO attachments (case_id, message_id, kind, telegram_file_id,"
                    " telegram_file_unique_id, created_at) VALUES (:c, :m, 'photo', :f, '', :at)"
                ),
                {"c": case_id, "m": message_id, "f": file_id, "at": "2025-01-01 00:00:00+00:00"},
            )
    upgrade(engine)
    with Session(engine) as session:
        rows = session.exec(select(Attachment).order_by(col(Attachment.id))).all()
        assert [(r.telegram_file_id, r.status, r.storage_key) for r in rows] == [
            ("AgAD-old-photo", "remote", None),
            ("", "erased", None),
        ]
