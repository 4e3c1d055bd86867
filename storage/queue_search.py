"""The staff pages' queue: the API's order, with filters for team, assignee and a search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, or_
from sqlmodel import Session, col, select

from storage.cases import folded_duplicate, queue_order
from storage.models import Case, Message, Staff
from storage.types import utcnow
from storage.vocabulary import OPEN_STATUSES

# What the status filter offers: the four statuses, plus every open one, plus everything.
STATUS_FILTERS = ("open", "new", "in_progress", "help_arranged", "closed", "all")
MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class QueueQuery:
    """One listing: `teams` is what the viewer may see (None: all), the rest are filters."""

    teams: tuple[str, ...] | None = None
    status: str = "open"
    priority: str | None = None
    team: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    search: str | None = None
    limit: int = 200


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matches(term: str) -> ColumnElement[bool]:
    pattern = _like(term)
    in_messages = exists().where(
        col(Message.case_id) == col(Case.id),
        col(Message.direction) == "in",
        col(Message.text).ilike(pattern, escape="\\"),
    )
    return or_(
        col(Case.reference).ilike(pattern, escape="\\"),
        col(Case.summary).ilike(pattern, escape="\\"),
        col(Case.address).ilike(pattern, escape="\\"),
        in_messages,
    )


def search_queue(session: Session, *, query: QueueQuery, now: datetime | None = None) -> list[Case]:
    """Cases in the API's queue order; reports confirmed as duplicates are folded into
    their household's case, as in the API."""
    statement = select(Case).where(~folded_duplicate())
    if query.teams is not None:
        statement = statement.where(col(Case.team).in_(query.teams) | col(Case.team).is_(None))
    if query.status == "open":
        statement = statement.where(col(Case.status).in_(OPEN_STATUSES))
    elif query.status != "all":
        statement = statement.where(col(Case.status) == query.status)
    if query.priority:
        statement = statement.where(col(Case.priority) == query.priority)
    if query.team:
        statement = statement.where(col(Case.team) == query.team)
    if query.assignee_id is not None:
        statement = statement.where(col(Case.assignee_id) == query.assignee_id)
    if query.unassigned:
        statement = statement.where(col(Case.assignee_id).is_(None))
    term = (query.search or "").strip()[:MAX_SEARCH_LENGTH]
    if term:
        statement = statement.where(_matches(term))
    statement = statement.order_by(*queue_order(now or utcnow())).limit(query.limit)
    return list(session.exec(statement).all())


def waiting_critical(session: Session, *, teams: tuple[str, ...] | None) -> list[Case]:
    """Critical cases nobody has acted on yet: the queue shows them in a banner."""
    return search_queue(
        session, query=QueueQuery(teams=teams, status="new", priority="critical", limit=50)
    )


def staff_names(session: Session, ids: set[int]) -> dict[int, str]:
    """Usernames by staff id, for showing assignees and authors."""
    if not ids:
        return {}
    rows = session.exec(select(Staff.id, Staff.username).where(col(Staff.id).in_(ids)))
    return {staff_id: name for staff_id, name in rows if staff_id is not None}


def case_teams(session: Session) -> list[str]:
    """Every team name that cases or staff use, for filters and the team picker."""
    from_cases = session.exec(select(Case.team).where(col(Case.team).is_not(None)).distinct())
    from_staff = session.exec(select(Staff.team).where(col(Staff.team).is_not(None)).distinct())
    return sorted({t for t in [*from_cases.all(), *from_staff.all()] if t})
