"""The inbox keeps every update once and hands them out in order per chat."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import inbox
from storage.models import InboxUpdate
from storage.types import utcnow


def test_the_same_update_id_is_stored_once(engine: Engine) -> None:
    assert inbox.store_update(engine, update_id=10, chat_id=1, payload="{}") is True
    assert inbox.store_update(engine, update_id=10, chat_id=1, payload="{}") is False
    assert inbox.count_pending(engine) == 1


def test_updates_of_one_chat_are_claimed_oldest_first(engine: Engine) -> None:
    inbox.store_update(engine, update_id=21, chat_id=5, payload="{}")
    inbox.store_update(engine, update_id=20, chat_id=5, payload="{}")
    with Session(engine) as session:
        row = inbox.claim_next(session)
        assert row is not None and row.update_id == 20
        inbox.mark_processed(session, row)
        session.commit()
    with Session(engine) as session:
        row = inbox.claim_next(session)
        assert row is not None and row.update_id == 21


def test_an_update_that_keeps_failing_is_parked_not_deleted(engine: Engine) -> None:
    inbox.store_update(engine, update_id=30, chat_id=6, payload="{}")
    for _ in range(inbox.MAX_ATTEMPTS):
        inbox.record_failure(engine, update_id=30, error="boom")
    assert inbox.count_pending(engine) == 0
    assert inbox.requeue_failed(engine) == 1
    assert inbox.count_pending(engine) == 1


def test_a_failed_update_waits_before_its_next_attempt_and_holds_its_chat(
    engine: Engine,
) -> None:
    inbox.store_update(engine, update_id=40, chat_id=8, payload="{}")
    inbox.store_update(engine, update_id=41, chat_id=8, payload="{}")
    inbox.store_update(engine, update_id=42, chat_id=9, payload="{}")
    inbox.record_failure(engine, update_id=40, error="database is locked")
    with Session(engine) as session:
        row = inbox.claim_next(session)
        # Not the failed one (it waits), not its chat's next one (order): another chat's.
        assert row is not None and row.update_id == 42
    assert inbox.count_pending(engine) == 3
    assert inbox.count_failed(engine) == 0


def test_new_updates_are_taken_before_retries_that_are_due(engine: Engine) -> None:
    inbox.store_update(engine, update_id=50, chat_id=11, payload="{}")
    inbox.store_update(engine, update_id=51, chat_id=12, payload="{}")
    inbox.record_failure(engine, update_id=50, error="boom")
    with Session(engine) as session:
        row = session.get(InboxUpdate, 50)
        assert row is not None
        row.next_attempt_at = utcnow()  # its pause is over
        session.add(row)
        session.commit()
    with Session(engine) as session:
        row = inbox.claim_next(session)
        # A resident's new report does not wait behind an update that already failed.
        assert row is not None and row.update_id == 51
        inbox.mark_processed(session, row)
        session.commit()
    with Session(engine) as session:
        row = inbox.claim_next(session)
        assert row is not None and row.update_id == 50


def lease_next(engine: Engine) -> inbox.Leased | None:
    with Session(engine) as session:
        row = inbox.claim_next(session)
        if row is None:
            return None
        leased = inbox.lease(session, row)
        session.commit()
        return leased


def test_a_leased_update_is_not_handed_out_twice_and_lapses_to_another_worker(
    engine: Engine,
) -> None:
    inbox.store_update(engine, update_id=60, chat_id=13, payload='{"update_id": 60}')
    inbox.store_update(engine, update_id=61, chat_id=13, payload='{"update_id": 61}')
    leased = lease_next(engine)
    assert leased is not None and leased.update_id == 60
    # Neither it nor its chat's next update is handed out while the lease runs.
    assert lease_next(engine) is None
    with Session(engine) as session:
        row = session.get(InboxUpdate, 60)
        assert row is not None
        row.next_attempt_at = utcnow() - timedelta(seconds=1)  # the first worker died
        session.add(row)
        session.commit()
    again = lease_next(engine)
    assert again is not None and again.update_id == 60
    with Session(engine) as session:
        # The first worker's lease is no longer its own: it must not apply the update.
        assert inbox.hold(session, leased) is None
        row = inbox.hold(session, again)
        assert row is not None
        inbox.mark_processed(session, row)
        session.commit()
    with Session(engine) as session:
        assert inbox.hold(session, again) is None  # processed: nothing left to apply
