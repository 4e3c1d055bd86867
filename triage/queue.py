"""SLA clocks and the order of the staff queue."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo

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
    *,
    tz: tzinfo | None = None,
) -> datetime:
    """When a case created at ``created_at`` must have been acted on.

    A deployment's ``sla`` may override only some levels; the rest keep the default.
    Whole-day SLAs count calendar days on the deployment's clock (``tz``): "within 3 days"
    means the same local time three days later even across a daylight-saving change;
    shorter ones are exact elapsed time.
    """
    level = Priority(priority)
    window = sla.get(level, DEFAULT_SLA[level])
    if tz is None or created_at.tzinfo is None or window % timedelta(days=1):
        return created_at + window
    local = created_at.astimezone(tz) + window  # aware arithmetic is wall-clock arithmetic
    return local.astimezone(created_at.tzinfo)


def parse_sla(spec: str) -> dict[Priority, timedelta]:
    """Read ``"critical=1h,high=24h,normal=3d,low=7d"`` (units m, h, d; any subset).

    Raises ValueError for an unknown level, a bad duration or a non-positive one.
    """
    result: dict[Priority, timedelta] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"expected level=duration, got {part!r}")
        level = Priority(name.strip().lower())
        value = value.strip().lower()
        unit = _UNITS.get(value[-1:])
        if unit is None or not value[:-1].isdigit() or int(value[:-1]) <= 0:
            raise ValueError(f"bad duration {value!r}: use a positive number with m, h or d")
        result[level] = int(value[:-1]) * unit
    return result


_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


def queue_key(
    priority: Priority | str,
    due_at: datetime,
    created_at: datetime,
    *,
    status: str,
    now: datetime,
) -> tuple[int, int, int, datetime, datetime]:
    """Sort key for the staff queue (``storage.cases.queue_order`` is the same in SQL).

    1. Open cases before closed ones.
    2. Cases waiting for a first answer (status ``new``) that are overdue or critical:
       nobody has acted on them yet and the clock has run out, or a life may be at risk
       and its hour is running. An answered case, however urgent, sits below them.
    3. Then by level, then earliest due, then oldest.

    Level comes before due time inside each group on purpose: an overdue normal case must
    not push a waiting critical one down. Pass datetimes that are all aware or all naive.
    """
    level = Priority(priority)
    waiting = status == "new" and (level is Priority.CRITICAL or due_at <= now)
    return (int(status == "closed"), 0 if waiting else 1, PRIORITY_RANK[level], due_at, created_at)
