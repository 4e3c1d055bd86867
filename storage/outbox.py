"""The outbox: Bot API calls written with the change that caused them, sent after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage.channels import Channel, DeliveryRoute
from storage.models import Case, CaseEvent, Message, OutboxMessage, Reporter
from storage.types import utcnow

# How long a sender may hold a row it claimed. Longer than one send can take (the
# dispatcher gives up on a call after SEND_TIMEOUT), short enough that the rows of a sender
# that died move within seconds; see settle_expired for what happens to them then.
CLAIM_LEASE = timedelta(seconds=12)
_OPEN = ("pending", "sending")


def enqueue(
    session: Session,
    *,
    chat_id: int,
    method: str,
    payload: dict[str, Any],
    message_id: int | None = None,
    case_id: int | None = None,
    urgent: bool = False,
    channel: str = Channel.TELEGRAM,
    channel_user_id: str | None = None,
) -> OutboxMessage:
    """Add a Bot API call to the outbox within the caller's transaction; `urgent` rows
    (emergency numbers, staff alerts) go before every other chat's rows."""
    row = OutboxMessage(
        chat_id=chat_id,
        method=method,
        payload=payload,
        message_id=message_id,
        case_id=case_id,
        urgent=urgent,
        channel=channel,
        channel_user_id=channel_user_id,
    )
    session.add(row)
    return row


@dataclass(frozen=True)
class Head:
    """The first unfinished row of one chat: what the dispatcher may send next."""

    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    status: str
    attempts: int
    next_attempt_at: datetime
    claimed_until: datetime | None
    urgent: bool = False
    message_id: int | None = None


def candidates(engine: Engine, *, limit: int = 200) -> list[Head]:
    """The next row of each chat, urgent ones first, then in id order: a chat's oldest
    unfinished row, unless it has an urgent one (emergency numbers), which goes before the
    chat's own earlier rows too; a question waiting for the chat's pacing must not hold
    the numbers back. A chat's later rows wait their turn."""
    # Only Telegram's rows: KakaoTalk's go out in skill answers and Event API calls.
    open_rows = col(OutboxMessage.status).in_(_OPEN) & (
        col(OutboxMessage.channel) == Channel.TELEGRAM
    )
    first_per_chat = (
        select(func.min(OutboxMessage.id)).where(open_rows).group_by(col(OutboxMessage.chat_id))
    )
    first_urgent_per_chat = (
        select(func.min(OutboxMessage.id))
        .where(open_rows, col(OutboxMessage.urgent))
        .group_by(col(OutboxMessage.chat_id))
    )
    statement = (
        sa_select(
            col(OutboxMessage.id),
            col(OutboxMessage.chat_id),
            col(OutboxMessage.method),
            col(OutboxMessage.payload),
            col(OutboxMessage.status),
            col(OutboxMessage.attempts),
            col(OutboxMessage.next_attempt_at),
            col(OutboxMessage.claimed_until),
            col(OutboxMessage.urgent),
            col(OutboxMessage.message_id),
        )
        .where(
            col(OutboxMessage.id).in_(first_per_chat)
            | col(OutboxMessage.id).in_(first_urgent_per_chat)
        )
        .order_by(col(OutboxMessage.urgent).desc(), col(OutboxMessage.id))
        .limit(limit * 2)  # at most two per chat, one of them dropped below
    )
    # Plain rows, not ORM objects: this runs after every commit that adds outbox rows.
    with engine.connect() as connection:
        rows = [Head(*row) for row in connection.execute(statement)]
    heads: dict[int, Head] = {}
    for row in rows:  # urgent first, so a chat's urgent row is the one kept
        heads.setdefault(row.chat_id, row)
    return list(heads.values())[:limit]


def is_due(row: Head, now: datetime) -> bool:
    if row.status == "sending":
        return row.claimed_until is not None and row.claimed_until <= now
    return row.next_attempt_at <= now


def claim(engine: Engine, *, row_id: int, now: datetime, lease: timedelta = CLAIM_LEASE) -> bool:
    """Take a due row for sending; False when another worker holds it."""
    with engine.begin() as connection:
        result = connection.execute(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.id) == row_id,
                or_(
                    (col(OutboxMessage.status) == "pending")
                    & (col(OutboxMessage.next_attempt_at) <= now),
                    (col(OutboxMessage.status) == "sending")
                    & (col(OutboxMessage.claimed_until) <= now),
                ),
            )
            .values(status="sending", claimed_until=now + lease)
        )
    return result.rowcount == 1


def mark_sent(engine: Engine, *, row_id: int, telegram_message_id: int | None) -> None:
    now = utcnow()
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        if row is None:
            return
        row.status = "sent"
        row.sent_at = now
        row.attempts += 1
        row.telegram_message_id = telegram_message_id
        row.claimed_until = None
        session.add(row)
        _set_delivery(
            session, row, delivery="sent", at=now, telegram_message_id=telegram_message_id
        )
        if row.message_id is not None:
            message = session.get(Message, row.message_id)
            if message is not None:
                message.delivery_route = DeliveryRoute.TELEGRAM
                session.add(message)
        session.commit()


def mark_retry(engine: Engine, *, row_id: int, delay: timedelta, error: str, count: bool) -> None:
    """Put the row back in line after `delay`; `count` is False for 429s, which are not failures."""
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        if row is None:
            return
        row.status = "pending"
        row.claimed_until = None
        row.next_attempt_at = utcnow() + delay
        row.last_error = error[:255]
        if count:
            row.attempts += 1
        session.add(row)
        session.commit()


def mark_undeliverable(engine: Engine, *, row_id: int, error: str, blocked: bool) -> None:
    """Give up on a row Telegram refused for good; the case shows it."""
    now = utcnow()
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        if row is None:
            return
        row.status = "undeliverable" if blocked else "failed"
        row.claimed_until = None
        row.attempts += 1
        row.last_error = error[:255]
        session.add(row)
        _set_delivery(session, row, delivery=row.status, at=None, error=error)
        if blocked:
            session.execute(
                update(Reporter).where(col(Reporter.chat_id) == row.chat_id).values(reachable=False)
            )
        if row.case_id is not None and blocked:
            case = session.get(Case, row.case_id)
            reporter = (
                session.get(Reporter, case.reporter_id) if case and case.reporter_id else None
            )
            # Only the case's own reporter: a volunteer asked about the case blocking the bot
            # says nothing about whether the reporter can still be reached.
            theirs = reporter is not None and reporter.chat_id == row.chat_id
            if (
                case is not None
                and case.id is not None
                and theirs
                and not case.reporter_unreachable
            ):
                case.reporter_unreachable = True
                case.updated_at = now
                session.add(case)
                session.add(
                    CaseEvent(case_id=case.id, kind="reporter_unreachable", data={"error": error})
                )
        session.commit()


def _set_delivery(
    session: Session,
    row: OutboxMessage,
    *,
    delivery: str,
    at: datetime | None,
    telegram_message_id: int | None = None,
    error: str | None = None,
) -> None:
    if row.message_id is None:
        return
    message = session.get(Message, row.message_id)
    if message is None:
        return
    message.delivery = delivery
    message.delivered_at = at
    message.telegram_message_id = telegram_message_id
    message.delivery_error = error[:255] if error else None
    session.add(message)


def settle_unknown(
    engine: Engine, *, row_id: int, error: str, expired_at: datetime | None = None
) -> str | None:
    """A send whose outcome nobody knows: the request may have reached Telegram (the
    connection dropped after it was written, or the sender died holding the row).

    Telegram's Bot API has no way to ask whether a message arrived, nor an idempotency key.
    A staff member's reply is marked "unknown" on the case and not repeated: staff see it
    and can ask the resident or send again. Anything else (the bot's own receipts,
    questions, emergency numbers) is sent again: a repeated receipt is harmless, a missing
    one leaves someone in the dark. `expired_at`: only if the row's lease ran out by then
    (another sender may have settled it already). Returns "unknown", "retry" or None.
    """
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id, with_for_update=expired_at is not None)
        if row is None or row.status != "sending":
            return None
        if expired_at is not None and (row.claimed_until is None or row.claimed_until > expired_at):
            return None
        message = session.get(Message, row.message_id) if row.message_id is not None else None
        row.claimed_until = None
        row.attempts += 1
        row.last_error = error[:255]
        if message is not None and message.author == "staff":
            row.status = "unknown"
            _set_delivery(session, row, delivery="unknown", at=None, error=error)
        else:
            row.status = "pending"
            row.next_attempt_at = utcnow()
        session.add(row)
        session.commit()
        return row.status if row.status == "unknown" else "retry"


def recent_sends(engine: Engine, *, since: datetime) -> list[tuple[int, datetime, str]]:
    """(chat, when, method) of the calls sent since `since`, oldest first: a sender that
    takes over paces itself from what the previous one sent (its memory went with it).
    ``sent_at`` is stamped after Telegram answered, a little after the send: pacing from it
    errs on the side of waiting."""
    statement = (
        sa_select(col(OutboxMessage.chat_id), col(OutboxMessage.sent_at), col(OutboxMessage.method))
        .where(
            col(OutboxMessage.status) == "sent",
            col(OutboxMessage.sent_at) >= since,
            col(OutboxMessage.channel) == Channel.TELEGRAM,
        )
        .order_by(col(OutboxMessage.sent_at))
    )
    with engine.connect() as connection:
        rows = connection.execute(statement)
        return [(int(chat), when, method) for chat, when, method in rows if when is not None]


def count_open(engine: Engine) -> int:
    """Rows not yet sent or given up on."""
    with Session(engine) as session:
        statement = select(func.count()).where(col(OutboxMessage.status).in_(_OPEN))
        return int(session.exec(statement).one())
