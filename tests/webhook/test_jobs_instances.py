"""Two sagak instances on one database run each unit of scheduled work exactly once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from asgi_lifespan import LifespanManager
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.jobs import JobConfig, run_daily_digest, run_retention, run_sla_sweep, run_status_notices
from storage import cases
from storage.models import Case
from storage.types import utcnow
from tests.harness import STAFF_CHAT_ID, start_sagak
from tests.storage.reports import load, report
from tests.webhook.jobs_kit import MONDAY_9_SEOUL, outbox_texts
from webhook.app import create_app
from webhook.scheduled import JOBS
from webhook.settings import Settings

CONFIG = JobConfig(staff_chat_id=STAFF_CHAT_ID)


def _race(engines: list[Engine], job: Callable[..., Any], **kwargs: Any) -> list[Any]:
    """Run ``job`` on every instance's engine at the same moment, in threads."""
    barrier = threading.Barrier(len(engines))
    results: list[Any] = []

    def run(engine: Engine) -> None:
        barrier.wait()
        results.append(job(engine, CONFIG, **kwargs))

    threads = [threading.Thread(target=run, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


async def test_two_instances_breach_alert_and_digest_once(settings: Settings) -> None:
    async with start_sagak(settings) as one, start_sagak(settings) as two:
        engines = [one.engine, two.engine]
        case_id = report(one.engine, 1, "혼자 사시는 할아버지가 걱정돼요", at=MONDAY_9_SEOUL)
        later = MONDAY_9_SEOUL + timedelta(days=4)
        breaches = await asyncio.to_thread(_race, engines, run_sla_sweep, now=later)
        digests = await asyncio.to_thread(_race, engines, run_daily_digest, now=later)
        assert sorted(breaches) == [0, 1]
        assert sorted(digests) == [False, True]
        assert load(one.engine, case_id).sla_breaches == 1
        assert len(outbox_texts(one.engine, STAFF_CHAT_ID)) == 2


async def test_two_instances_notify_a_reporter_once(settings: Settings) -> None:
    async with start_sagak(settings) as one, start_sagak(settings) as two:
        case_id = report(one.engine, 77, "할머니가 밥을 못 드세요")
        with Session(one.engine) as session:
            case = session.get(Case, case_id)
            assert case is not None
            cases.record_event(
                session, case_id=case_id, kind="status_changed", data={"to": "in_progress"}
            )
            case.status = "in_progress"
            session.add(case)
            session.commit()
        sent = await asyncio.to_thread(
            _race, [one.engine, two.engine], run_status_notices, now=utcnow()
        )
        assert sum(sent) == 1
        assert len(outbox_texts(one.engine, 77)) == 1


async def test_two_instances_erase_once_a_day(settings: Settings) -> None:
    async with start_sagak(settings) as one, start_sagak(settings) as two:
        case_id = report(one.engine, 5, "할머니가 밥을 못 드세요")
        with Session(one.engine) as session:
            case = session.get(Case, case_id)
            assert case is not None
            case.status, case.closed_at = "closed", utcnow() - timedelta(days=2000)
            session.add(case)
            session.commit()
        erased = await asyncio.to_thread(
            _race, [one.engine, two.engine], run_retention, now=utcnow()
        )
        assert sorted(erased) == [0, 1]


async def test_the_lifespan_schedules_the_queue_jobs(settings: Settings) -> None:
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30):
        scheduler = app.state.runtime.scheduler
        scheduled = {job.id for job in scheduler.get_jobs()}
        assert {job_id for job_id, _, _ in JOBS} <= scheduled
        assert scheduler.running
