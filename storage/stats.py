"""Figures for the statistics page: reports per week, response times, SLA, outcomes, by team.

A case has "responded" when staff first replied to the reporter or changed its status;
the SLA is met when that happened by the case's due time. Visits and linkages (public
benefit, partner organisation) count when staff recorded that outcome.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from statistics import median
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import Case, CaseEvent, Message
from storage.rows import require_id
from storage.vocabulary import LINKAGE_OUTCOMES


@dataclass(frozen=True)
class CaseFacts:
    """What the statistics need to know about one case."""

    id: int
    team: str | None
    priority: str
    source: str
    created_at: datetime
    due_at: datetime
    outcome: str | None
    responded_at: datetime | None
    visited_at: datetime | None
    channel: str = "telegram"  # where the reporter wrote: telegram | kakao


def _team_filter(statement: Any, teams: tuple[str, ...] | None) -> Any:
    if teams is None:
        return statement
    return statement.where(col(Case.team).in_(teams) | col(Case.team).is_(None))


def case_facts(
    session: Session, *, teams: tuple[str, ...] | None, since: datetime, until: datetime
) -> list[CaseFacts]:
    """The facts of every case received in [since, until) that the viewer may see."""
    in_range = _team_filter(
        select(Case.id).where(col(Case.created_at) >= since, col(Case.created_at) < until), teams
    )
    replies = dict(
        session.exec(
            select(Message.case_id, func.min(Message.created_at))
            .where(col(Message.author) == "staff", col(Message.case_id).in_(in_range))
            .group_by(col(Message.case_id))
        ).all()
    )
    status_changes = dict(
        session.exec(
            select(CaseEvent.case_id, func.min(CaseEvent.at))
            .where(col(CaseEvent.kind) == "status_changed", col(CaseEvent.case_id).in_(in_range))
            .group_by(col(CaseEvent.case_id))
        ).all()
    )
    visits: dict[int, datetime] = {}
    for case_id, at, data in session.exec(
        select(CaseEvent.case_id, CaseEvent.at, CaseEvent.data)
        .where(col(CaseEvent.kind) == "outcome_set", col(CaseEvent.case_id).in_(in_range))
        .order_by(col(CaseEvent.at))
    ).all():
        if (data or {}).get("outcome") == "visited":
            visits.setdefault(case_id, at)
    rows = session.exec(
        _team_filter(
            select(Case).where(col(Case.created_at) >= since, col(Case.created_at) < until), teams
        )
    ).all()
    facts = []
    for case in rows:
        case_id = require_id(case)
        answered = [t for t in (replies.get(case_id), status_changes.get(case_id)) if t]
        facts.append(
            CaseFacts(
                id=case_id,
                team=case.team,
                priority=case.priority,
                source=case.source,
                created_at=case.created_at,
                due_at=case.due_at,
                outcome=case.outcome,
                responded_at=min(answered) if answered else None,
                visited_at=visits.get(case_id),
                channel=case.channel,
            )
        )
    return facts


@dataclass(frozen=True)
class OutcomeEvent:
    """An outcome staff recorded, when, and for which team's case."""

    at: datetime
    team: str | None
    outcome: str


def outcome_events(
    session: Session, *, teams: tuple[str, ...] | None, since: datetime, until: datetime
) -> list[OutcomeEvent]:
    """Outcomes recorded in [since, until), the first of each kind per case."""
    statement = _team_filter(
        select(CaseEvent.case_id, CaseEvent.at, CaseEvent.data, Case.team)
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(
            col(CaseEvent.kind) == "outcome_set",
            col(CaseEvent.at) >= since,
            col(CaseEvent.at) < until,
        )
        .order_by(col(CaseEvent.at)),
        teams,
    )
    seen: set[tuple[int, str]] = set()
    events = []
    for case_id, at, data, team in session.exec(statement).all():
        outcome = (data or {}).get("outcome")
        if not outcome or (case_id, outcome) in seen:
            continue
        seen.add((case_id, outcome))
        events.append(OutcomeEvent(at=at, team=team, outcome=outcome))
    return events


def week_start(moment: datetime, zone: tzinfo) -> date:
    """The Monday of the local week `moment` falls in."""
    local = moment.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def month_start(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date().replace(day=1)


def minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


@dataclass
class Durations:
    """Median and 90th percentile of a set of durations, in minutes."""

    values: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return median(self.values) if self.values else None

    @property
    def p90(self) -> float | None:
        if not self.values:
            return None
        ordered = sorted(self.values)
        return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


@dataclass
class Tally:
    """Counts for one group of cases (a week, a team, a priority)."""

    cases: int = 0
    responded: int = 0
    sla_due: int = 0
    sla_met: int = 0
    visits: int = 0
    linkages: int = 0
    response: Durations = field(default_factory=Durations)
    visit: Durations = field(default_factory=Durations)

    @property
    def sla_rate(self) -> float | None:
        return self.sla_met / self.sla_due if self.sla_due else None

    def add(self, fact: CaseFacts, now: datetime) -> None:
        self.cases += 1
        if fact.responded_at is not None:
            self.responded += 1
            self.response.values.append(minutes(fact.responded_at - fact.created_at))
        # A case still waiting but not yet due says nothing about the SLA yet.
        if fact.responded_at is not None or fact.due_at <= now:
            self.sla_due += 1
            if fact.responded_at is not None and fact.responded_at <= fact.due_at:
                self.sla_met += 1
        if fact.visited_at is not None:
            self.visits += 1
            self.visit.values.append(minutes(fact.visited_at - fact.created_at))
        if fact.outcome in LINKAGE_OUTCOMES:
            self.linkages += 1


def tally_by(facts: list[CaseFacts], key: Any, now: datetime) -> dict[Any, Tally]:
    """Group facts by `key(fact)` and tally each group."""
    groups: dict[Any, Tally] = defaultdict(Tally)
    for fact in facts:
        groups[key(fact)].add(fact, now)
    return dict(groups)
