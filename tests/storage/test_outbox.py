"""Outbox rows: claimed by one sender at a time, kept in order per chat, never lost."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import outbox
from storage.models import OutboxMessage
from storage.types import utcnow


def _enqueue(engine: Engine, chat_id: int, text: str, *, urgent: bool = False) -> int:
    with Session(engine) as session:
        row = outbox.enqueue(
            session,
            chat_id=chat_id,
            method="sendMessage",
            payload={"chat_id": chat_id, "text": text},
            urgent=urgent,
        )
        session.commit()
        assert row.id is not None
        return row.id


def test_a_row_is_claimed_by_only_one_sender(engine: Engine) -> None:
    row_id = _enqueue(engine, 1, "hello")
    now = utcnow()
    assert outbox.claim(engine, row_id=row_id, now=now) is True
    assert outbox.claim(engine, row_id=row_id, now=now) is False


def test_a_crashed_senders_claim_expires_and_the_row_is_sent_again(engine: Engine) -> None:
    row_id = _enqueue(engine, 1, "hello")
    now = utcnow()
    assert outbox.claim(engine, row_id=row_id, now=now)
    later = now + outbox.CLAIM_LEASE + timedelta(seconds=1)
    assert outbox.claim(engine, row_id=row_id, now=later) is True


def test_later_rows_of_a_chat_wait_behind_an_earlier_one(engine: Engine) -> None:
    first = _enqueue(engine, 1, "first")
    _enqueue(engine, 1, "second")
    other = _enqueue(engine, 2, "other chat")
    outbox.mark_retry(engine, row_id=first, delay=timedelta(seconds=30), error="502", count=True)
    heads = outbox.candidates(engine)
    assert [row.id for row in heads] == [first, other]
    assert not outbox.is_due(heads[0], utcnow())


def test_sent_rows_are_never_candidates_again(engine: Engine) -> None:
    row_id = _enqueue(engine, 1, "hello")
    assert outbox.claim(engine, row_id=row_id, now=utcnow())
    outbox.mark_sent(engine, row_id=row_id, telegram_message_id=42)
    assert outbox.candidates(engine) == []
    assert outbox.claim(engine, row_id=row_id, now=utcnow() + timedelta(hours=1)) is False
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        assert row is not None and row.telegram_message_id == 42 and row.status == "sent"


def test_emergency_numbers_go_before_a_backlog_of_other_chats(engine: Engine) -> None:
    backlog = [_enqueue(engine, chat, "receipt") for chat in range(100, 110)]
    emergency = _enqueue(engine, 999, "call 119 now", urgent=True)
    heads = [row.id for row in outbox.candidates(engine, limit=3)]
    assert heads == [emergency, backlog[0], backlog[1]]


def test_emergency_numbers_go_before_their_own_chats_queued_messages(engine: Engine) -> None:
    question = _enqueue(engine, 1, "where is it?")
    _enqueue(engine, 1, "and then?")
    emergency = _enqueue(engine, 1, "call 119 now", urgent=True)
    other = _enqueue(engine, 2, "other chat")
    heads = outbox.candidates(engine)
    assert [row.id for row in heads] == [emergency, other]
    assert heads[0].urgent is True
    outbox.mark_sent(engine, row_id=emergency, telegram_message_id=1)
    assert [row.id for row in outbox.candidates(engine)] == [question, other]
