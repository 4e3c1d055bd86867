"""The staff pages' queue: the API's order, with filters for team, assignee and a search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, literal_column, or_
from sqlmodel import Session, col, select

from storage.cases import folded_duplicate, queue_order
from storage.models import TEAM_NAME, Case, Message, Staff
from storage.queue_pages import walk
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
    conditions: list[ColumnElement[bool]] = [~folded_duplicate()]
    if query.teams is not None:
        conditions.append(col(Case.team).in_(query.teams) | col(Case.team).is_(None))
    if query.team:
        conditions.append(col(Case.team) == query.team)
    if query.assignee_id is not None:
        conditions.append(col(Case.assignee_id) == query.assignee_id)
    if query.unassigned:
        conditions.append(col(Case.assignee_id).is_(None))
    statuses: tuple[str, ...] | None = {"open": OPEN_STATUSES, "all": None}.get(
        query.status, (query.status,)
    )
    term = (query.search or "").strip()[:MAX_SEARCH_LENGTH]
    if not term:
        return walk(
            session,
            where=conditions,
            statuses=statuses,
            priority=query.priority or None,
            limit=query.limit,
            now=now,
        ).cases
    # A search reads the messages of every case it could match: one query, sorted after.
    statement = select(Case).where(*conditions, _matches(term))
    if statuses is not None:
        statement = statement.where(col(Case.status).in_(statuses))
    if query.priority:
        statement = statement.where(col(Case.priority) == query.priority)
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
    from_staff = session.exec(select(Staff.team).where(col(Staff.team).is_not(None)).distinct())
    return sorted({t for t in [*_case_teams(session), *from_staff.all()] if t})


def _case_teams(session: Session) -> list[str]:
    # One probe per team on ix_cases_team_names rather than a DISTINCT over every case,
    # which reads the whole table: a city has a handful of teams and a million cases.
    name: ColumnElement[str] = literal_column(TEAM_NAME)
    teams: list[str] = []
    while True:
        statement = (
            select(func.min(name)).select_from(Case).where(name > (teams[-1] if teams else ""))
        )
        team = session.exec(statement).one()
        if team is None:
            return teams
        teams.append(team)
