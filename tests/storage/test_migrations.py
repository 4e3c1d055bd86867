"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import warnings
from typing import Any

from alembic.autogenerate import compare_metadata as alembic_compare
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel, col, select

import storage.models  # noqa: F401  (registers every table on SQLModel.metadata)

# Indexes on an expression, which SQLAlchemy cannot reflect: checked by name and definition.
EXPRESSION_INDEXES = {"ix_cases_team_names": "coalesce(team, '')"}


def compare_metadata(context: MigrationContext, metadata: Any) -> list[Any]:
    with warnings.catch_warnings():
        for name in EXPRESSION_INDEXES:
            warnings.filterwarnings("ignore", message=f".*expression-based index '?{name}")
        return list(alembic_compare(context, metadata))


def _index_definitions(connection: Connection) -> dict[str, str]:
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        )
    else:
        rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    return {name: definition or "" for name, definition in rows}


def test_the_migrated_database_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, SQLModel.metadata)
        indexes = _index_definitions(connection)
    assert differences == []
    for name, expression in EXPRESSION_INDEXES.items():
        assert _bare(expression) in _bare(indexes[name])


def _bare(sql: str) -> str:
    """SQL without spaces, case or the casts PostgreSQL adds when it prints a definition."""
    return sql.lower().replace(" ", "").replace("::charactervarying", "").replace("::text", "")


def test_a_database_from_the_release_with_reserved_migrations_is_repaired(engine: Engine) -> None:
    """The first release shipped 0002-0004 empty; its databases say 0004 without their schema."""
    from alembic import command

    from storage.migrate import alembic_config, downgrade, upgrade

    url = engine.url.render_as_string(hide_password=False)
    downgrade(engine, "0001")  # what the first release's 0001 built ...
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
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

    from sqlmodel import Session

    from storage.migrate import downgrade, upgrade
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
    downgrade(engine, "0005")
    upgrade(engine)
    case = load(engine, case_id)
    assert deadline <= case.due_at <= deadline + timedelta(minutes=1)
    assert case.sla_next_alert_at == moved  # reminded when the old sweep would have


def test_telegram_reporters_and_their_files_keep_their_identity_across_the_channel_columns(
    engine: Engine,
) -> None:
    """0009 keys reporters by (channel, channel user id): a Telegram reporter written before
    it is still found by their Telegram id, their photo's file id is kept, and a reply
    Telegram delivered says by which route."""
    from sqlalchemy import text
    from sqlmodel import Session, select

    from storage import reporters
    from storage.migrate import downgrade, upgrade
    from storage.models import Attachment, Message

    downgrade(engine, "0007_auth")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO reporters (id, telegram_user_id, chat_id, language, role, state,"
                " reachable, created_at, updated_at, language_chosen, contact_consent,"
                " burst_count, burst_warned) VALUES (7, 4242, 4242, 'en', 'resident', 'idle',"
                " true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, false, false, 0, false)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO cases (id, reference, status, priority, score, reasons,"
                " priority_set_by_staff, source, summary, reporter_id, reporter_unreachable,"
                " created_at, updated_at, due_at, facts, reporters_count, sla_breaches)"
                " VALUES (3, 'SG-AAAAAA', 'new', 'normal', 0, '[]', false, 'resident', 's', 7,"
                " false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}', 1, 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO messages (id, case_id, direction, author, kind, text, delivery,"
                " created_at) VALUES (5, 3, 'out', 'staff', 'text', 'hello', 'sent',"
                " CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO attachments (case_id, message_id, kind, telegram_file_id,"
                " telegram_file_unique_id, created_at) VALUES (3, 5, 'photo', 'AgAD-1', 'u1',"
                " CURRENT_TIMESTAMP)"
            )
        )
    upgrade(engine)
    with Session(engine) as session:
        found = reporters.find(session, channel="telegram", channel_user_id="4242")
        assert found is not None and found.id == 7 and found.chat_id == 4242
        assert reporters.find(session, channel="kakao", channel_user_id="4242") is None
        attachment = session.exec(select(Attachment)).one()
        assert (attachment.source_file_id, attachment.source_file_unique_id) == ("AgAD-1", "u1")
        message = session.get(Message, 5)
        assert message is not None and message.delivery_route == "telegram"


def test_attachments_from_before_sagak_kept_files_are_fetched_on_first_view(
    engine: Engine,
) -> None:
    """Upgrading marks rows whose bytes are still only with Telegram ``remote`` (fetched when
    staff open them), and rows retention already emptied ``erased``."""
    from sqlalchemy import text
    from sqlmodel import Session

    from storage.migrate import downgrade, upgrade
    from storage.models import Attachment
    from tests.storage.reports import report

    case_id = report(engine, 1, "현관에 우편물이 쌓여 있어요")
    downgrade(engine, "0007_auth")
    with engine.connect() as connection:  # the old schema: no ORM model matches it
        [message_id] = connection.execute(
            text("SELECT id FROM messages WHERE case_id = :c"), {"c": case_id}
        ).scalars()
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
        assert [(r.source_file_id, r.status, r.storage_key) for r in rows] == [
            ("AgAD-old-photo", "remote", None),
            ("", "erased", None),
        ]
