"""Building reports straight in storage, the way the conversation does, for queue tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import cases, reporters
from storage.models import Case
from storage.types import utcnow
from triage import assess


def report(
    engine: Engine,
    user: int,
    text: str,
    *,
    at: datetime | None = None,
    address: str | None = None,
    location: tuple[float, float] | None = None,
    source: str = "resident",
    facts: dict[str, Any] | None = None,
) -> int:
    """A reporter's new case with its first message, place and answers; returns its id."""
    with Session(engine, expire_on_commit=False) as session:
        reporter, _ = reporters.get_or_create(
            session, channel_user_id=str(user), chat_id=user, language="ko"
        )
        assert reporter.id is not None
        case = cases.create_case(
            session,
            reporter_id=reporter.id,
            text=text,
            assessment=assess(text),
            source=source,
            now=at or utcnow(),
        )
        assert case.id is not None
        cases.add_message(session, case_id=case.id, direction="in", author="reporter", text=text)
        if address is not None or location is not None or facts:
            case.address = address
            if location is not None:
                case.latitude, case.longitude = location
            case.facts = dict(facts or {})
            session.add(case)
            cases.retriage(session, case=case, now=at or utcnow())
        session.commit()
        return case.id


def follow_up(engine: Engine, case_id: int, text: str, *, at: datetime | None = None) -> bool:
    """A later message on the case, then retriage; True when a priority rose."""
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        cases.add_message(session, case_id=case_id, direction="in", author="reporter", text=text)
        raised = cases.retriage(session, case=case, now=at or utcnow())
        session.commit()
        return raised


def load(engine: Engine, case_id: int) -> Case:
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def locate(engine: Engine, case_id: int, address: str) -> None:
    """The reporter answers "where?" with an address (the conversation sets it, retriages)."""
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.address = address
        cases.retriage(session, case=case)
        session.commit()
