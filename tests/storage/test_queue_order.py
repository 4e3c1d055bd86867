"""The queue's SQL order (storage.cases.queue_order) is triage.queue_key's order."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import cases
from storage.models import Case
from storage.queue_search import QueueQuery, search_queue
from triage import DEFAULT_SLA, Priority, queue_key

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def test_the_database_orders_the_queue_as_queue_key_does(engine: Engine) -> None:
    ages = (timedelta(minutes=10), timedelta(hours=30), timedelta(days=9))
    statuses = ("new", "in_progress", "help_arranged", "closed")
    with Session(engine) as session:
        for number, (priority, status, age) in enumerate(
            itertools.product(Priority, statuses, ages)
        ):
            created = NOW - age - timedelta(seconds=number)  # no two cases tie
            session.add(
                Case(
                    reference=f"SG-T{number:05d}",
                    priority=priority.value,
                    status=status,
                    created_at=created,
                    updated_at=created,
                    due_at=created + DEFAULT_SLA[priority],
                )
            )
        session.commit()
        listed = cases.list_queue(session, where=cases.QueueFilter(limit=500), now=NOW)
        searched = search_queue(session, query=QueueQuery(status="all", limit=500), now=NOW)
    expected = sorted(
        listed,
        key=lambda c: queue_key(c.priority, c.due_at, c.created_at, status=c.status, now=NOW),
    )
    assert len(listed) == 4 * 4 * 3
    assert [c.reference for c in listed] == [c.reference for c in expected]
    assert [c.reference for c in searched] == [c.reference for c in expected]
