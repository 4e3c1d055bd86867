"""The retention job erases old personal data once a day and keeps the figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.jobs import JobConfig, run_retention
from storage.models import AuditEntry, Case
from storage.types import utcnow
from tests.storage.reports import load, report
from webhook.scheduled import job_config
from webhook.settings import Settings, SettingsError


def _closed_long_ago(engine: Engine, user: int, days: int) -> int:
    case_id = report(engine, user, f"{user}번지 할머니가 밥을 못 드세요")
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.status, case.outcome = "closed", "visited"
        case.closed_at = utcnow() - timedelta(days=days)
        session.add(case)
        session.commit()
    return case_id


def test_retention_runs_once_a_day_and_erases_expired_cases(engine: Engine) -> None:
    old = _closed_long_ago(engine, 1, 2000)
    kept = _closed_long_ago(engine, 2, 100)
    now = utcnow()
    assert run_retention(engine, JobConfig(), now=now) == 1
    assert load(engine, old).erased_at is not None
    assert load(engine, kept).erased_at is None
    later = _closed_long_ago(engine, 3, 2000)
    assert run_retention(engine, JobConfig(), now=now + timedelta(minutes=5)) == 0
    assert run_retention(engine, JobConfig(), now=now + timedelta(days=1)) == 1
    assert load(engine, later).erased_at is not None


def test_the_retention_period_is_configurable(engine: Engine) -> None:
    case_id = _closed_long_ago(engine, 1, 100)
    assert run_retention(engine, JobConfig(retention=timedelta(days=90))) == 1
    assert load(engine, case_id).summary == ""


def _audit_entry(engine: Engine, action: str, age: timedelta) -> None:
    with Session(engine) as session:
        session.add(AuditEntry(actor="staff:kim", action=action, at=utcnow() - age))
        session.commit()


def _audited_actions(engine: Engine) -> set[str]:
    with Session(engine) as session:
        return set(session.exec(select(AuditEntry.action)).all())


def test_audit_entries_are_kept_two_years_then_deleted(engine: Engine) -> None:
    _audit_entry(engine, "case_viewed_3y_ago", timedelta(days=3 * 365))
    _audit_entry(engine, "case_viewed_18m_ago", timedelta(days=540))
    run_retention(engine, JobConfig())
    assert _audited_actions(engine) == {"case_viewed_18m_ago"}


def test_audit_retention_is_configurable_but_never_under_a_year(engine: Engine) -> None:
    _audit_entry(engine, "viewed_400_days_ago", timedelta(days=400))
    _audit_entry(engine, "viewed_200_days_ago", timedelta(days=200))
    run_retention(engine, JobConfig(audit_retention=timedelta(days=30)))
    assert _audited_actions(engine) == {"viewed_200_days_ago"}  # kept a year at least
    with pytest.raises(SettingsError):
        Settings.load(env_file=None, audit_retention_days=100)
    kept = Settings.load(env_file=None, audit_retention_days=400)
    assert job_config(kept).audit_retention.days == 400
