"""Configurable SLAs and the deployment's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from triage import Priority, due_at, parse_sla

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def test_sla_spec_overrides_some_levels() -> None:
    assert parse_sla("critical=30m, low=10d") == {
        Priority.CRITICAL: timedelta(minutes=30),
        Priority.LOW: timedelta(days=10),
    }
    assert parse_sla("") == {}


@pytest.mark.parametrize(
    "spec", ["urgent=1h", "critical=1w", "critical=0h", "critical", "high=-2h"]
)
def test_bad_sla_specs_are_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_sla(spec)


def test_day_slas_keep_the_local_time_across_daylight_saving() -> None:
    new_york = ZoneInfo("America/New_York")
    start = datetime(2025, 3, 8, 12, 0, tzinfo=new_york).astimezone(UTC)
    due = due_at(start, Priority.NORMAL, tz=new_york)
    assert due.astimezone(new_york).replace(tzinfo=None) == datetime(2025, 3, 11, 12, 0)
    assert due - start == timedelta(hours=71)


def test_hour_slas_are_elapsed_time_whatever_the_zone() -> None:
    assert due_at(T0, Priority.CRITICAL, tz=ZoneInfo("Asia/Seoul")) == T0 + timedelta(hours=1)
