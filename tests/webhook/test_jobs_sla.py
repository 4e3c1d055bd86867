"""The SLA sweep: an untouched case past its due time is raised and the staff chat told, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.jobs import JobConfig, run_sla_sweep
from storage.models import Case
from storage.policy import Policy, save_policy
from tests.harness import STAFF_CHAT_ID
from tests.storage.reports import load, report
from tests.webhook.jobs_kit import MONDAY_9_SEOUL, event_kinds, outbox_texts
from triage import DEFAULT_SLA, Priority

T0 = MONDAY_9_SEOUL
CONFIG = JobConfig(staff_chat_id=STAFF_CHAT_ID)


def test_an_overdue_untouched_case_is_raised_and_alerted_once(engine: Engine) -> None:
    case_id = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", at=T0)
    assert load(engine, case_id).due_at == T0 + timedelta(hours=72)
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(hours=71)) == 0
    breach = T0 + timedelta(hours=73)
    assert run_sla_sweep(engine, CONFIG, now=breach) == 1
    assert run_sla_sweep(engine, CONFIG, now=breach) == 0
    assert run_sla_sweep(engine, CONFIG, now=breach + timedelta(hours=1)) == 0
    case = load(engine, case_id)
    assert (case.priority, case.sla_breaches) == ("high", 1)
    assert case.due_at == breach + timedelta(hours=24)
    [alert] = outbox_texts(engine, STAFF_CHAT_ID)
    assert case.reference in alert and "보통 → 높음" in alert
    assert "sla_breached" in event_kinds(engine, case_id)


def test_the_next_breach_alerts_again(engine: Engine) -> None:
    case_id = report(engine, 1, "할아버지가 쓰러지셨어요", at=T0)
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(minutes=61)) == 1
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(minutes=90)) == 0
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(minutes=125)) == 1
    case = load(engine, case_id)
    assert (case.priority, case.sla_breaches) == ("critical", 2)
    assert len(outbox_texts(engine, STAFF_CHAT_ID)) == 2


def test_a_breach_never_makes_a_case_critical(engine: Engine) -> None:
    case_id = report(engine, 1, "전기가 끊겼대요", at=T0)
    run_sla_sweep(engine, CONFIG, now=T0 + timedelta(hours=25))
    assert load(engine, case_id).priority == "high"


def test_a_case_staff_have_taken_up_is_not_breached(engine: Engine) -> None:
    case_id = report(engine, 1, "할아버지가 쓰러지셨어요", at=T0)
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.status = "in_progress"
        session.add(case)
        session.commit()
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(days=3)) == 0
    assert outbox_texts(engine, STAFF_CHAT_ID) == []


def test_without_a_staff_chat_the_case_is_still_raised(engine: Engine) -> None:
    case_id = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", at=T0)
    assert run_sla_sweep(engine, JobConfig(), now=T0 + timedelta(days=4)) == 1
    assert load(engine, case_id).priority == "high"


def test_the_deployments_sla_sets_the_due_time(engine: Engine) -> None:
    with Session(engine) as session:
        sla = {**DEFAULT_SLA, Priority.CRITICAL: timedelta(minutes=15)}
        save_policy(session, policy=Policy(sla=sla))
        session.commit()
    case_id = report(engine, 1, "할아버지가 쓰러지셨어요", at=T0)
    assert load(engine, case_id).due_at == T0 + timedelta(minutes=15)
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(minutes=16)) == 1


def test_whole_day_slas_count_local_calendar_days(engine: Engine) -> None:
    with Session(engine) as session:
        save_policy(session, policy=Policy(timezone="America/New_York"))
        session.commit()
    # 2025-03-08 12:00 in New York; daylight saving starts the next night.
    start = T0.replace(month=3, day=8, hour=17)
    case_id = report(engine, 1, "관리비가 몇달 밀렸대요", at=start)
    assert load(engine, case_id).due_at == start + timedelta(hours=71)
