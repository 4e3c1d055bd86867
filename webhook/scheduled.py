"""The queue's configuration and scheduled jobs, wired into the app's lifespan.

At start the deployment's queue policy (time zone, SLAs, default team) and districts are
written to the database, so every instance and job computes the same due times and
routes; then the jobs join the lifespan's APScheduler. Each job is safe to run on every
instance at once (``storage.jobs``), so there is no leader to elect.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from bot.jobs import (
    JobConfig,
    run_daily_digest,
    run_retention,
    run_sla_sweep,
    run_status_notices,
)
from bot.visit_jobs import run_visit_reminders
from storage.attachment_store import file_store
from storage.db import is_postgres, session_scope
from storage.policy import Policy, save_policy
from storage.routing import read_districts_file, save_districts
from webhook.settings import Settings

if TYPE_CHECKING:
    from webhook.runtime import Runtime

log = logging.getLogger("sagak")

Job = Callable[[Engine, JobConfig], object]
# (scheduler id, function, seconds between runs). Critical cases are due within the hour,
# so a minute's delay in noticing a breach is fine; reporters hear of a change in seconds.
# Work missed while the service was down is caught up by the first run after start: each
# job works from the database's state, not from the moment it was scheduled.
JOBS: tuple[tuple[str, Job, int], ...] = (
    ("status-notices", run_status_notices, 15),
    ("sla-sweep", run_sla_sweep, 60),
    ("daily-digest", run_daily_digest, 60),
    ("retention", run_retention, 3600),
    ("visit-reminders", run_visit_reminders, 300),
)
_CONFIG_LOCK = 7426104  # PostgreSQL advisory lock id: instances starting together


def queue_policy(settings: Settings) -> Policy:
    """The queue policy the settings describe."""
    return Policy(
        timezone=settings.queue.timezone.key,
        sla=settings.queue.sla,
        default_team=settings.queue.default_team,
    )


def job_config(settings: Settings) -> JobConfig:
    """What the jobs need from the settings."""
    return JobConfig(
        staff_chat_id=settings.telegram.staff_chat_id,
        retention=settings.retention.cases,
        audit_retention=settings.retention.audit,
        store=file_store(settings.database.data_dir),
    )


def configure_queue(engine: Engine, settings: Settings) -> None:
    """Write the policy and the districts table (empty without a districts file)."""
    source = settings.queue.districts_file
    districts = read_districts_file(source) if source else []
    with session_scope(engine) as session:
        if is_postgres(engine):
            session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({_CONFIG_LOCK})")
        save_policy(session, policy=queue_policy(settings))
        save_districts(session, districts=districts)
    log.info(
        "queue: time zone %s, %d districts, default team %s",
        settings.queue.timezone.key,
        len(districts),
        settings.queue.default_team or "none (unrouted cases are visible to every team)",
    )


async def start_queue_jobs(runtime: Runtime) -> None:
    """Configure the queue and add its jobs to the runtime's scheduler (not yet started)."""
    await asyncio.to_thread(configure_queue, runtime.engine, runtime.settings)
    assert runtime.scheduler is not None
    config = job_config(runtime.settings)
    for job_id, job, seconds in JOBS:
        runtime.scheduler.add_job(
            _run,
            "interval",
            seconds=seconds,
            id=job_id,
            args=[runtime, job, config],
            max_instances=1,
            coalesce=True,
        )


async def _run(runtime: Runtime, job: Job, config: JobConfig) -> None:
    try:
        result = await asyncio.to_thread(job, runtime.engine, config)
    except Exception:
        log.exception("scheduled job %s failed; it runs again at its next interval", job)
        return
    if result:
        runtime.outbox_written()
