"""SLA clocks and the order of the staff queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from triage import DEFAULT_SLA, PRIORITY_RANK, Priority, due_at, queue_key

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

QueueKey = tuple[int, int, int, datetime, datetime]
Entry = tuple[str, QueueKey]


@pytest.mark.parametrize(
    ("priority", "hours"),
    [(Priority.CRITICAL, 1), (Priority.HIGH, 24), (Priority.NORMAL, 72), (Priority.LOW, 7 * 24)],
)
def test_default_sla_due_time(priority: Priority, hours: int) -> None:
    assert due_at(T0, priority) == T0 + timedelta(hours=hours)


def test_due_at_accepts_the_priority_string() -> None:
    assert due_at(T0, "critical") == T0 + timedelta(hours=1)


def test_unknown_priority_string_is_rejected() -> None:
    with pytest.raises(ValueError):
        due_at(T0, "urgent")


def test_deployment_sla_overrides_only_the_levels_it_names() -> None:
    sla = {Priority.CRITICAL: timedelta(minutes=15)}
    assert due_at(T0, Priority.CRITICAL, sla) == T0 + timedelta(minutes=15)
    assert due_at(T0, Priority.HIGH, sla) == T0 + DEFAULT_SLA[Priority.HIGH]


def test_due_at_keeps_the_timezone() -> None:
    assert due_at(T0, Priority.HIGH).tzinfo is UTC


def test_every_level_has_an_sla_and_a_rank() -> None:
    assert set(DEFAULT_SLA) == set(Priority) == set(PRIORITY_RANK)
    assert sorted(PRIORITY_RANK, key=PRIORITY_RANK.__getitem__) == [
        Priority.CRITICAL,
        Priority.HIGH,
        Priority.NORMAL,
        Priority.LOW,
    ]


def _case(
    name: str, priority: Priority | str, created_at: datetime, *, status: str = "new"
) -> Entry:
    due = due_at(created_at, priority)
    return name, queue_key(priority, due, created_at, status=status, now=T0)


def _key(priority: Priority | str, due: datetime, created: datetime) -> QueueKey:
    return queue_key(priority, due, created, status="new", now=T0)


def _order(*cases: Entry) -> list[str]:
    return [name for name, key in sorted(cases, key=lambda case: case[1])]


def test_waiting_critical_case_comes_before_an_overdue_normal_one() -> None:
    overdue_normal = _case("normal", Priority.NORMAL, T0 - timedelta(days=5))
    fresh_critical = _case("critical", Priority.CRITICAL, T0)
    assert _order(overdue_normal, fresh_critical) == ["critical", "normal"]


def test_an_unanswered_overdue_case_comes_before_an_answered_critical_one() -> None:
    answered = _case("answered", Priority.CRITICAL, T0 - timedelta(hours=3), status="in_progress")
    overdue = _case("overdue", Priority.NORMAL, T0 - timedelta(days=4))
    assert _order(answered, overdue) == ["overdue", "answered"]


def test_an_unanswered_overdue_case_comes_before_a_high_one_still_in_time() -> None:
    in_time = _case("in time", Priority.HIGH, T0 - timedelta(hours=2))
    overdue = _case("overdue", Priority.LOW, T0 - timedelta(days=8))
    assert _order(in_time, overdue) == ["overdue", "in time"]


def test_answered_cases_follow_priority_then_due_time() -> None:
    high = _case("high", Priority.HIGH, T0 - timedelta(days=3), status="help_arranged")
    critical = _case("critical", Priority.CRITICAL, T0, status="in_progress")
    fresh_high = _case("fresh high", Priority.HIGH, T0)
    assert _order(fresh_high, high, critical) == ["critical", "high", "fresh high"]


def test_closed_cases_come_last_even_when_critical() -> None:
    closed = _case("closed", Priority.CRITICAL, T0 - timedelta(hours=5), status="closed")
    low = _case("low", Priority.LOW, T0)
    assert _order(closed, low) == ["low", "closed"]


def test_same_priority_earlier_due_first() -> None:
    created = T0 - timedelta(hours=2)
    earlier = ("earlier", _key(Priority.HIGH, T0 + timedelta(hours=1), created))
    later = ("later", _key(Priority.HIGH, T0 + timedelta(hours=5), created))
    assert _order(later, earlier) == ["earlier", "later"]


def test_same_priority_and_due_time_older_case_first() -> None:
    due = T0 + timedelta(hours=3)
    older = ("older", _key(Priority.NORMAL, due, T0 - timedelta(days=2)))
    newer = ("newer", _key(Priority.NORMAL, due, T0 - timedelta(hours=1)))
    assert _order(newer, older) == ["older", "newer"]


def test_queue_orders_all_levels_overdue_and_critical_first() -> None:
    cases = [
        _case("low overdue", Priority.LOW, T0 - timedelta(days=30)),
        _case("normal overdue", Priority.NORMAL, T0 - timedelta(days=4)),
        _case("high-new", Priority.HIGH, T0),
        _case("high-old", Priority.HIGH, T0 - timedelta(hours=20)),
        _case("critical", Priority.CRITICAL, T0),
    ]
    assert _order(*cases) == ["critical", "normal overdue", "low overdue", "high-old", "high-new"]


def test_queue_key_treats_string_and_enum_priorities_alike() -> None:
    due = T0 + timedelta(hours=1)
    assert _key("critical", due, T0) == _key(Priority.CRITICAL, due, T0)
