"""The deployment's queue policy (time zone, SLA per priority, default team), kept in the
database so every instance, every job and the conversation compute the same due times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from storage.models import QueuePolicy
from storage.types import utcnow
from triage import DEFAULT_SLA, Priority, due_at

DEFAULT_TIMEZONE = "Asia/Seoul"


@dataclass(frozen=True)
class Policy:
    """What the queue needs from configuration; the defaults are the issue's."""

    timezone: str = DEFAULT_TIMEZONE
    sla: Mapping[Priority, timedelta] = field(default_factory=lambda: dict(DEFAULT_SLA))
    default_team: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def due(self, start: datetime, priority: Priority | str) -> datetime:
        """When a case at ``priority`` whose clock started at ``start`` is due."""
        return due_at(start, priority, self.sla, tz=self.zone)

    def window(self, priority: Priority | str) -> timedelta:
        level = Priority(priority)
        return self.sla.get(level, DEFAULT_SLA[level])


def save_policy(session: Session, *, policy: Policy) -> None:
    """Store the policy the running deployment was configured with (at start-up)."""
    ZoneInfo(policy.timezone)  # fail at start, not in a job, on a misspelt zone
    row = session.get(QueuePolicy, 1) or QueuePolicy(id=1)
    row.timezone = policy.timezone
    row.sla_seconds = {p.value: int(w.total_seconds()) for p, w in policy.sla.items()}
    row.default_team = policy.default_team
    row.updated_at = utcnow()
    session.add(row)


def load_policy(session: Session) -> Policy:
    """The stored policy, or the defaults when none was saved (tests, scripts)."""
    row = session.get(QueuePolicy, 1)
    if row is None:
        return Policy()
    sla = dict(DEFAULT_SLA)
    for name, seconds in (row.sla_seconds or {}).items():
        sla[Priority(name)] = timedelta(seconds=seconds)
    return Policy(timezone=row.timezone, sla=sla, default_team=row.default_team)
