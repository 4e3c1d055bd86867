"""The statistics page's figures and charts, and the rows of its CSV export."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from storage import stats
from storage.access import visible_teams
from storage.models import Staff
from storage.types import utcnow
from storage.vocabulary import LINKAGE_OUTCOMES, Outcome
from webhook.admin import labels
from webhook.admin.charts import stacked_bars
from webhook.admin.referral_stats import referral_csv_groups, referral_figures
from webhook.admin.render import Translator

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12
NO_TEAM = ""


@dataclass(frozen=True)
class Period:
    """The weeks a statistics page covers, as local dates and UTC bounds."""

    weeks: list[date]
    since: datetime
    until: datetime
    zone: ZoneInfo


def period(weeks: int, zone: ZoneInfo, now: datetime | None = None) -> Period:
    """The last `weeks` local weeks (Monday to Sunday), the current one included."""
    now = now or utcnow()
    this_week = stats.week_start(now, zone)
    first = this_week - timedelta(weeks=weeks - 1)
    since = datetime.combine(first, time(0), tzinfo=zone).astimezone(ZoneInfo("UTC"))
    return Period(
        weeks=[first + timedelta(weeks=i) for i in range(weeks)], since=since, until=now, zone=zone
    )


def _priority_series(_: Translator) -> list[tuple[str, str, str]]:
    order = ("low", "normal", "high", "critical")  # bottom to top: critical stands out on top
    return [(p, f"c-{p}", _.label("priority", p)) for p in order]


def _source_series(_: Translator) -> list[tuple[str, str, str]]:
    return [(s, f"c-{s}", _.label("source", s)) for s in labels.SOURCE]


def _channel_series(_: Translator) -> list[tuple[str, str, str]]:
    return [(c, f"c-{c}", _.label("channel", c)) for c in labels.CHANNEL]


def _weekly_hours(
    label: list[tuple[date, str]],
    weekly: dict[date, stats.Tally],
    minutes_of: Callable[[stats.Tally], float | None],
) -> list[tuple[str, dict[str, float]]]:
    """A median in minutes, per week, as hours for a chart (weeks without any: no bar)."""
    columns = []
    for week, text in label:
        value = minutes_of(weekly[week]) if week in weekly else None
        columns.append((text, {"h": round(value / 60, 1)} if value is not None else {}))
    return columns


def _sla_met(tally: stats.Tally | None) -> dict[str, float]:
    rate = tally.sla_rate if tally is not None else None
    return {"met": rate} if rate is not None else {}


def stats_page_context(
    session: Session, staff: Staff, _: Translator, span: Period
) -> dict[str, Any]:
    """Charts and tables for the staff member's teams over `span`."""
    teams = visible_teams(staff)
    facts = stats.case_facts(session, teams=teams, since=span.since, until=span.until)
    now = utcnow()
    week_of = {f.id: stats.week_start(f.created_at, span.zone) for f in facts}
    by_priority: dict[date, Counter[str]] = defaultdict(Counter)
    by_source: dict[date, Counter[str]] = defaultdict(Counter)
    by_channel: dict[date, Counter[str]] = defaultdict(Counter)
    for fact in facts:
        by_priority[week_of[fact.id]][fact.priority] += 1
        by_source[week_of[fact.id]][fact.source] += 1
        by_channel[week_of[fact.id]][fact.channel] += 1
    weekly = stats.tally_by(facts, lambda f: week_of[f.id], now)
    label = [(w, w.strftime("%m-%d")) for w in span.weeks]
    # Every week of the span, like the other charts; a week with nothing due has no bar.
    sla_rates = [(text, _sla_met(weekly.get(w))) for w, text in label]
    outcome_counts = Counter(f.outcome for f in facts if f.outcome)
    team_tally = stats.tally_by(facts, lambda f: f.team or NO_TEAM, now)
    team_priority: dict[str, Counter[str]] = defaultdict(Counter)
    for fact in facts:
        team_priority[fact.team or NO_TEAM][fact.priority] += 1
    no_team = _("admin.stats.no_team")
    charts = {
        "priority": stacked_bars(
            _("admin.stats.chart_priority"),
            [(text, dict(by_priority.get(w, {}))) for w, text in label],
            _priority_series(_),
        ),
        "source": stacked_bars(
            _("admin.stats.chart_source"),
            [(text, dict(by_source.get(w, {}))) for w, text in label],
            _source_series(_),
        ),
        "channel": stacked_bars(
            _("admin.stats.chart_channel"),
            [(text, dict(by_channel.get(w, {}))) for w, text in label],
            _channel_series(_),
        ),
        "sla": stacked_bars(
            _("admin.stats.chart_sla"),
            sla_rates,
            [("met", "c-met", _("admin.stats.sla_met"))],
            percent=True,
        ),
        "outcomes": stacked_bars(
            _("admin.stats.chart_outcomes"),
            [(_.label("outcome", o), {o: float(outcome_counts[o])}) for o in Outcome],
            [(o, f"c-{o}", _.label("outcome", o)) for o in Outcome],
        ),
        "response": stacked_bars(
            _("admin.stats.chart_response"),
            _weekly_hours(label, weekly, lambda tally: tally.response.median),
            [("h", "c-response", _("admin.stats.median_hours"))],
        ),
        "visit": stacked_bars(
            _("admin.stats.chart_visit"),
            _weekly_hours(label, weekly, lambda tally: tally.visit.median),
            [("h", "c-visit", _("admin.stats.median_hours"))],
        ),
        "teams": stacked_bars(
            _("admin.stats.chart_teams"),
            [(t or no_team, dict(c)) for t, c in sorted(team_priority.items())],
            _priority_series(_),
        ),
    }
    overall = stats.tally_by(facts, lambda f: "all", now).get("all", stats.Tally())
    priority_tally = stats.tally_by(facts, lambda f: f.priority, now)
    return {
        "charts": charts,
        "overall": overall,
        "by_priority": [(p, priority_tally.get(p, stats.Tally())) for p in labels.PRIORITY],
        "months": monthly(session, teams=teams, facts=facts, span=span),
        "teams": [(t or no_team, tally) for t, tally in sorted(team_tally.items())],
        "referrals": referral_figures(session, staff, _, span),
    }


def monthly(
    session: Session,
    *,
    teams: tuple[str, ...] | None,
    facts: list[stats.CaseFacts],
    span: Period,
) -> list[tuple[date, int, int, int]]:
    """(month, cases received, visits, linkages) — the figures welfare teams report."""
    received: Counter[date] = Counter(stats.month_start(f.created_at, span.zone) for f in facts)
    visits: Counter[date] = Counter()
    linkages: Counter[date] = Counter()
    events = stats.outcome_events(session, teams=teams, since=span.since, until=span.until)
    for event in events:
        month = stats.month_start(event.at, span.zone)
        if event.outcome == "visited":
            visits[month] += 1
        elif event.outcome in LINKAGE_OUTCOMES:
            linkages[month] += 1
    months = sorted(set(received) | set(visits) | set(linkages))
    return [(m, received[m], visits[m], linkages[m]) for m in months]


CSV_HEADER = (
    "week_start",
    "team",
    "priority",
    "source",
    "reports",
    "responded",
    "sla_due",
    "sla_met",
    "median_first_response_minutes",
    "visits",
    "median_visit_minutes",
    "linkages",
    # Referral rows (one per week, team, service and organisation) fill these instead.
    "service",
    "partner",
    "referrals",
    "referrals_helped",
)


def csv_rows(session: Session, staff: Staff, span: Period) -> Iterator[list[str]]:
    """One row per week, team, priority and source, then one per week, team, service and
    organisation for the referrals: the figures behind the charts (zeros keep sums right)."""
    facts = stats.case_facts(
        session, teams=visible_teams(staff), since=span.since, until=span.until
    )
    groups = stats.tally_by(
        facts,
        lambda f: (stats.week_start(f.created_at, span.zone), f.team or "", f.priority, f.source),
        utcnow(),
    )
    yield list(CSV_HEADER)
    for (week, team, priority, source), tally in sorted(groups.items()):
        median = tally.response.median
        to_visit = tally.visit.median
        yield [
            week.isoformat(),
            team,
            priority,
            source,
            str(tally.cases),
            str(tally.responded),
            str(tally.sla_due),
            str(tally.sla_met),
            f"{median:.0f}" if median is not None else "",
            str(tally.visits),
            f"{to_visit:.0f}" if to_visit is not None else "",
            str(tally.linkages),
            "",
            "",
            "0",
            "0",
        ]
    for week, team, service, partner, made, helped in referral_csv_groups(session, staff, span):
        no_cases = ["0", "0", "0", "0", "", "0", "", "0"]
        yield [week.isoformat(), team, "", "", *no_cases, service, partner, str(made), str(helped)]
