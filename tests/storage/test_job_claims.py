"""A unit of scheduled work is claimed once, with its effects, across instances."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from storage import jobs, outbox
from storage.db import make_engine
from storage.models import JobRun, OutboxMessage
from storage.types import utcnow


def _work(engine: Engine, key: str) -> bool:
    with Session(engine) as session:
        if not jobs.claim(session, job="digest", key=key):
            session.rollback()
            return False
        outbox.enqueue(session, chat_id=1, method="sendMessage", payload={"text": key})
        session.commit()
        return True


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_a_claimed_key_is_not_done_twice(engine: Engine) -> None:
    assert _work(engine, "2025-01-06")
    assert not _work(engine, "2025-01-06")
    assert _work(engine, "2025-01-07")
    assert _count(engine, OutboxMessage) == 2


def test_work_rolled_back_leaves_the_key_free(engine: Engine) -> None:
    with Session(engine) as session:
        assert jobs.claim(session, job="digest", key="k")
        session.rollback()  # e.g. the process died before committing
    assert _work(engine, "k")


def test_racing_instances_do_the_work_once(engine: Engine, database_url: str) -> None:
    # Separate engines stand for separate processes with their own connection pools.
    engines = [make_engine(database_url) for _ in range(4)]
    barrier = threading.Barrier(len(engines))
    results: list[bool] = []

    def run(own: Engine) -> None:
        barrier.wait()
        results.append(_work(own, "same-day"))

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for own in engines:
        own.dispose()
    assert sorted(results) == [False, False, False, True]
    assert _count(engine, OutboxMessage) == 1
    assert _count(engine, JobRun) == 1


def test_old_claims_are_pruned(engine: Engine) -> None:
    with Session(engine) as session:
        jobs.claim(session, job="digest", key="old", now=utcnow() - timedelta(days=200))
        jobs.claim(session, job="digest", key="new")
        session.commit()
        assert jobs.prune(session, older_than=timedelta(days=90)) == 1
        session.commit()
        assert jobs.done(session, job="digest", key="new")
        assert not jobs.done(session, job="digest", key="old")
