"""Reporters: the people who write to the bot, and where their conversation stands."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from storage.cases import record_event
from storage.channels import Channel
from storage.models import Case, Reporter
from storage.rows import require_id
from storage.types import utcnow
from storage.vocabulary import ConversationState

FLOOD_WINDOW = timedelta(minutes=1)


def find(session: Session, *, channel: str, channel_user_id: str) -> Reporter | None:
    """The reporter a channel knows by this id, if they ever wrote."""
    statement = select(Reporter).where(
        col(Reporter.channel) == channel, col(Reporter.channel_user_id) == channel_user_id
    )
    return session.exec(statement).first()


def find_by_chat(session: Session, *, channel: str, chat_id: int) -> Reporter | None:
    statement = select(Reporter).where(
        col(Reporter.channel) == channel, col(Reporter.chat_id) == chat_id
    )
    return session.exec(statement).first()


def get_or_create(
    session: Session,
    *,
    channel_user_id: str,
    chat_id: int,
    language: str,
    channel: str = Channel.TELEGRAM,
) -> tuple[Reporter, bool]:
    """The reporter for a channel's user, created on first contact; True when new."""
    reporter = find(session, channel=channel, channel_user_id=channel_user_id)
    if reporter is not None:
        if reporter.chat_id != chat_id or not reporter.reachable:
            if not reporter.reachable:
                _cases_reachable(session, reporter=reporter)
            reporter.chat_id = chat_id
            reporter.reachable = True
            session.add(reporter)
        return reporter, False
    reporter = Reporter(
        channel=channel, channel_user_id=channel_user_id, chat_id=chat_id, language=language
    )
    session.add(reporter)
    session.flush()
    return reporter, True


def save_state(
    session: Session, *, reporter: Reporter, state: ConversationState, open_case_id: int | None
) -> None:
    reporter.state = state
    reporter.open_case_id = open_case_id
    reporter.updated_at = utcnow()
    session.add(reporter)


def follow_language(session: Session, *, reporter: Reporter, language: str) -> None:
    """Use Telegram's app language until the reporter picks one with /language."""
    if not reporter.language_chosen and reporter.language != language:
        reporter.language = language
        session.add(reporter)


def choose_language(session: Session, *, reporter: Reporter, language: str) -> None:
    reporter.language = language
    reporter.language_chosen = True
    session.add(reporter)


def count_message(
    session: Session, *, reporter: Reporter, at: datetime, limit: int
) -> tuple[bool, bool]:
    """Count one message in the reporter's one-minute window.

    Returns (flooding, first): flooding once more than `limit` messages arrived within a
    minute, first the first time that happens in this window (to say so once).
    """
    start = reporter.burst_started_at
    if start is None or at - start >= FLOOD_WINDOW or at < start:
        reporter.burst_started_at = at
        reporter.burst_count = 0
        reporter.burst_warned = False
    reporter.burst_count += 1
    flooding = reporter.burst_count > limit
    first = flooding and not reporter.burst_warned
    if first:
        reporter.burst_warned = True
    session.add(reporter)
    return flooding, first


def set_contact(
    session: Session, *, reporter: Reporter, consent: bool, phone: str | None = None
) -> None:
    """Record whether staff may contact the reporter; the phone is kept only with consent."""
    reporter.contact_consent = consent
    if not consent:
        reporter.phone = None
    elif phone:
        reporter.phone = phone[:32]
    session.add(reporter)


def mark_blocked(session: Session, *, reporter: Reporter) -> None:
    """The reporter blocked the bot: their open cases show that replies cannot reach them."""
    reporter.reachable = False
    session.add(reporter)
    for case in _open_cases(session, reporter_id=reporter.id):
        if not case.reporter_unreachable:
            case.reporter_unreachable = True
            session.add(case)
            case_id = require_id(case)
            record_event(
                session, case_id=case_id, kind="reporter_unreachable", data={"why": "blocked"}
            )


def _cases_reachable(session: Session, *, reporter: Reporter) -> None:
    for case in _open_cases(session, reporter_id=reporter.id):
        if case.reporter_unreachable:
            case.reporter_unreachable = False
            session.add(case)
            case_id = require_id(case)
            record_event(session, case_id=case_id, kind="reporter_reachable")


def _open_cases(session: Session, *, reporter_id: int | None) -> list[Case]:
    if reporter_id is None:
        return []
    statement = select(Case).where(
        col(Case.reporter_id) == reporter_id, col(Case.status) != "closed"
    )
    return list(session.exec(statement).all())
