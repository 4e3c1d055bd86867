"""Claims that make scheduled work happen once, however many instances run the scheduler.

Every unit of work has a key (a day for the digest, a case and its due time for an SLA
breach, an event id for a status notice). ``claim`` inserts the key into ``job_runs`` in
the *same transaction* as the work's effects (outbox rows, case changes), so:

- two instances racing: the unique index lets one commit; the other's insert fails (on
  PostgreSQL it waits for the first to commit, then fails) and it rolls back untouched;
- a crash before commit: nothing happened, not even the claim, so the next run does it;
- after commit: the key exists, so no later run repeats it.

This works the same on SQLite and PostgreSQL, without advisory locks or leases.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, delete, exists
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import JobRun
from storage.types import utcnow

log = logging.getLogger(__name__)


def instance_name() -> str:
    """Which process did the work, for the job_runs table (diagnostics only)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def claim(
    session: Session,
    *,
    job: str,
    key: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> bool:
    """Claim ``job``/``key`` inside the caller's transaction; False when it is already done
    (or being done by a transaction that then commits). Commit the work with the claim."""
    if done(session, job=job, key=key):
        return False
    try:
        with session.begin_nested():
            session.add(
                JobRun(
                    job=job,
                    key=key,
                    instance=instance_name(),
                    at=now or utcnow(),
                    detail=detail or {},
                )
            )
    except IntegrityError:
        log.debug("job %s/%s already claimed", job, key)
        return False
    return True


def done(session: Session, *, job: str, key: str) -> bool:
    """Whether ``job``/``key`` has been committed as done."""
    statement = select(JobRun.id).where(col(JobRun.job) == job, col(JobRun.key) == key)
    return session.exec(statement).first() is not None


def unclaimed(job: str, id_column: Any) -> Any:
    """SQL condition: no ``job`` run is keyed by the row's id (``key`` = the id as text)."""
    return ~exists().where(col(JobRun.job) == job, col(JobRun.key) == cast(id_column, String(160)))


def last_run(session: Session, *, job: str) -> JobRun | None:
    """The most recent committed run of ``job``."""
    statement = (
        select(JobRun).where(col(JobRun.job) == job).order_by(col(JobRun.at).desc()).limit(1)
    )
    return session.exec(statement).first()


def prune(session: Session, *, older_than: timedelta, now: datetime | None = None) -> int:
    """Forget claims older than ``older_than``: their keys can no longer come up again."""
    cutoff = (now or utcnow()) - older_than
    result = session.execute(delete(JobRun).where(col(JobRun.at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
