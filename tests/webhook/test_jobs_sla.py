"""The SLA sweep: an untouched case past its due time is raised and the staff chat told, and
told again at a rising interval while nobody acts; the deadline itself never moves."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.jobs import JobConfig, run_sla_sweep
from storage import cases
from storage.models import Case
from storage.policy import Policy, save_policy
from tests.harness import STAFF_CHAT_ID
from tests.storage.reports import follow_up, load, report
from tests.webhook.jobs_kit import MONDAY_9_SEOUL, alert_times, event_kinds, outbox_texts
from triage import DEFAULT_SLA, Priority

T0 = MONDAY_9_SEOUL
CONFIG = JobConfig(staff_chat_id=STAFF_CHAT_ID)


def test_an_overdue_untouched_case_is_raised_and_alerted_once_per_interval(
    engine: Engine,
) -> None:
    case_id = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", at=T0)
    assert load(engine, case_id).due_at == T0 + timedelta(hours=72)
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(hours=71)) == 0
    breach = T0 + timedelta(hours=73)
    assert run_sla_sweep(engine, CONFIG, now=breach) == 1
    assert run_sla_sweep(engine, CONFIG, now=breach) == 0
    assert run_sla_sweep(engine, CONFIG, now=breach + timedelta(hours=1)) == 0
    case = load(engine, case_id)
    assert (case.priority, case.sla_breaches) == ("high", 1)
    assert case.due_at == T0 + timedelta(hours=72)  # still the deadline it was given
    [alert] = outbox_texts(engine, STAFF_CHAT_ID)
    assert case.reference in alert and "보통 → 높음" in alert and "알림 1회째" in alert
    assert "sla_breached" in event_kinds(engine, case_id)


def test_the_next_alert_comes_after_the_interval(engine: Engine) -> None:
    case_id = report(engine, 1, "할아버지가 쓰러지셨어요", at=T0)
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(minutes=61)) == 1
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(minutes=90)) == 0
    assert run_sla_sweep(engine, CONFIG, now=T0 + timedelta(minutes=125)) == 1
    case = load(engine, case_id)
    assert (case.priority, case.sla_breaches) == ("critical", 2)
    assert len(outbox_texts(engine, STAFF_CHAT_ID)) == 2


def test_an_untouched_critical_case_is_alerted_again_at_a_rising_interval(
    engine: Engine,
) -> None:
    case_id = report(engine, 1, "할아버지가 쓰러지셨어요", at=T0)
    due = T0 + timedelta(hours=1)
    alerted = []
    for minute in range(0, 10 * 60, 5):  # the sweep every five minutes for ten hours
        now = due + timedelta(minutes=minute)
        if run_sla_sweep(engine, CONFIG, now=now):
            alerted.append(minute)
    assert alerted == [0, 60, 180, 420]  # 1 h, then 2 h, then 4 h later
    texts = outbox_texts(engine, STAFF_CHAT_ID)
    assert len(texts) == 4 and "알림 4회째" in texts[-1] and "7시간 지났고" in texts[-1]
    assert all("긴급 → 긴급" not in text and "우선순위: 긴급" in text for text in texts)
    case = load(engine, case_id)
    assert (case.priority, case.sla_breaches, case.due_at) == ("critical", 4, due)


def test_reminders_slow_to_one_a_day(engine: Engine) -> None:
    case_id = report(engine, 1, "할아버지가 쓰러지셨어요", at=T0)
    now = T0 + timedelta(hours=1)
    for _ in range(8):
        assert run_sla_sweep(engine, CONFIG, now=now) == 1
        now = load(engine, case_id).sla_next_alert_at or now
    times = alert_times(engine, case_id)
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert gaps[-2:] == [timedelta(hours=24), timedelta(hours=24)]


def test_a_breached_case_never_gets_its_time_back(engine: Engine) -> None:
    case_id = report(engine, 1, "할아버지가 쓰러지셨어요", at=T0)
    due = T0 + timedelta(hours=1)
    for hours in (1, 2, 3, 5, 30):
        run_sla_sweep(engine, CONFIG, now=T0 + timedelta(hours=hours, minutes=19))
        assert load(engine, case_id).due_at == due
    follow_up(
        engine, case_id, "지금 숨을 안 쉬세요, 약을 많이 드셨어요", at=T0 + timedelta(hours=31)
    )
    assert load(engine, case_id).due_at == due
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        cases.set_priority(session, case=case, priority=Priority.CRITICAL)
        assert case.due_at == due  # a staff member confirming the level gives no more time
        cases.set_priority(session, case=case, priority=Priority.NORMAL)
        assert case.due_at == T0 + timedelta(hours=72)  # lowering: that level's time from receipt


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
