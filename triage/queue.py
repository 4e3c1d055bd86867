"""SLA clocks and the order of the staff queue."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from triage.priority import Priority

# Critical within the hour because a life may be at stake; "within a day" is the on-site
# check Korean guidance asks for; 72 hours is the priority-support window.
DEFAULT_SLA: dict[Priority, timedelta] = {
    Priority.CRITICAL: timedelta(hours=1),
    Priority.HIGH: timedelta(hours=24),
    Priority.NORMAL: timedelta(hours=72),
    Priority.LOW: timedelta(days=7),
}

PRIORITY_RANK: dict[Priority, int] = {
    Priority.CRITICAL: 0,
    Priority.HIGH: 1,
    Priority.NORMAL: 2,
    Priority.LOW: 3,
}


def due_at(
    created_at: datetime,
    priority: Priority | str,
    sla: Mapping[Priority, timedelta] = DEFAULT_SLA,
) -> datetime:
    """When a case created at ``created_at`` must have been acted on.

    A deployment's ``sla`` may override only some levels; the rest keep the default.
    """
    level = Priority(priority)
    return created_at + sla.get(level, DEFAULT_SLA[level])


def queue_key(
    priority: Priority | str, due_at: datetime, created_at: datetime
) -> tuple[int, datetime, datetime]:
    """Sort key for the staff queue: most urgent level, then earliest due, then oldest.

    Level comes before due time on purpose: an overdue normal case must not push a fresh
    critical one down. Pass datetimes that are all aware or all naive.
    """
    return (PRIORITY_RANK[Priority(priority)], due_at, created_at)
