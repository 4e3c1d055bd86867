"""The daily digest reaches the staff chat once a day, at 09:00 on the deployment's clock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.jobs import JobConfig, run_daily_digest, run_sla_sweep
from storage.policy import Policy, save_policy
from tests.harness import STAFF_CHAT_ID
from tests.storage.reports import report
from tests.webhook.jobs_kit import MONDAY_9_SEOUL, outbox_texts

CONFIG = JobConfig(staff_chat_id=STAFF_CHAT_ID)


def test_the_digest_goes_out_once_at_nine_local_time(engine: Engine) -> None:
    assert not run_daily_digest(engine, CONFIG, now=MONDAY_9_SEOUL - timedelta(minutes=1))
    assert run_daily_digest(engine, CONFIG, now=MONDAY_9_SEOUL)
    assert not run_daily_digest(engine, CONFIG, now=MONDAY_9_SEOUL + timedelta(hours=5))
    assert run_daily_digest(engine, CONFIG, now=MONDAY_9_SEOUL + timedelta(days=1, minutes=5))
    assert len(outbox_texts(engine, STAFF_CHAT_ID)) == 2


def test_a_digest_missed_while_down_is_sent_late_the_same_day(engine: Engine) -> None:
    assert run_daily_digest(engine, CONFIG, now=MONDAY_9_SEOUL + timedelta(hours=6))
    [digest] = outbox_texts(engine, STAFF_CHAT_ID)
    assert "2025-01-06" in digest


def test_the_digest_counts_new_open_and_breached_cases(engine: Engine) -> None:
    day_before = MONDAY_9_SEOUL - timedelta(days=1)
    run_daily_digest(engine, CONFIG, now=day_before)
    report(engine, 1, "할아버지가 쓰러지셨어요", at=day_before + timedelta(hours=1))
    report(engine, 2, "전기가 끊겼대요", at=day_before + timedelta(hours=2))
    report(engine, 3, "주민센터 몇시에 열어요?", at=day_before + timedelta(hours=3))
    run_sla_sweep(engine, CONFIG, now=day_before + timedelta(hours=3))
    run_daily_digest(engine, CONFIG, now=MONDAY_9_SEOUL)
    digest = outbox_texts(engine, STAFF_CHAT_ID)[-1]
    assert "새 신고 3건 (긴급 1 · 높음 1 · 보통 0 · 낮음 1)" in digest
    assert "미종결 3건" in digest
    assert "기한 초과 발생 1건" in digest


def test_the_deployments_time_zone_decides_when_nine_is(engine: Engine) -> None:
    with Session(engine) as session:
        save_policy(session, policy=Policy(timezone="Europe/London"))
        session.commit()
    assert not run_daily_digest(engine, CONFIG, now=MONDAY_9_SEOUL)  # 00:00 in London
    assert run_daily_digest(engine, CONFIG, now=MONDAY_9_SEOUL + timedelta(hours=9))


def test_without_a_staff_chat_there_is_no_digest(engine: Engine) -> None:
    assert not run_daily_digest(engine, JobConfig(), now=MONDAY_9_SEOUL)
