"""Reporters: the people who write to the bot, and where their conversation stands."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models import Reporter
from storage.types import utcnow


def get_or_create(
    session: Session, *, telegram_user_id: int, chat_id: int, language: str
) -> tuple[Reporter, bool]:
    """The reporter for a Telegram user, created on first contact; True when new."""
    statement = select(Reporter).where(col(Reporter.telegram_user_id) == telegram_user_id)
    reporter = session.exec(statement).first()
    if reporter is not None:
        if reporter.chat_id != chat_id or not reporter.reachable:
            reporter.chat_id = chat_id
            reporter.reachable = True
            session.add(reporter)
        return reporter, False
    reporter = Reporter(telegram_user_id=telegram_user_id, chat_id=chat_id, language=language)
    session.add(reporter)
    session.flush()
    return reporter, True


def save_state(
    session: Session, *, reporter: Reporter, state: str, open_case_id: int | None
) -> None:
    reporter.state = state
    reporter.open_case_id = open_case_id
    reporter.updated_at = utcnow()
    session.add(reporter)
