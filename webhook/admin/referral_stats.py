"""Linkages on the statistics page: referrals by service category and by organisation."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from storage import referrals, stats
from storage.access import visible_teams
from storage.models import Staff
from storage.partners import SERVICES
from webhook.admin.charts import stacked_bars
from webhook.admin.render import Translator

if TYPE_CHECKING:
    from webhook.admin.stats_view import Period

# Bottom to top: what came of the referrals, the good news at the base of each bar.
RESULT_ORDER = ("helped", "accepted", "referred", "no_response", "declined")
CHART_PARTNERS = 12  # the busiest organisations; the table lists them all
AXIS_LABEL = 24  # characters of an organisation's name under its bar (on two lines)


@dataclass
class ReferralTally:
    """Referrals of one group (a service, an organisation), counted by result."""

    results: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.results.values())


def _short(name: str) -> str:
    return name if len(name) <= AXIS_LABEL else name[: AXIS_LABEL - 1] + "…"


def referral_figures(session: Session, staff: Staff, _: Translator, span: Period) -> dict[str, Any]:
    """Charts and tables of the referrals made in `span` on cases of the viewer's teams."""
    facts = referrals.referral_facts(
        session, teams=visible_teams(staff), since=span.since, until=span.until
    )
    by_service: dict[str, ReferralTally] = defaultdict(ReferralTally)
    by_partner: dict[str, ReferralTally] = defaultdict(ReferralTally)
    for fact in facts:
        by_service[fact.service].results[fact.result] += 1
        by_partner[fact.partner].results[fact.result] += 1
    services = [s for s in SERVICES if s in by_service]
    partners = sorted(by_partner, key=lambda name: (-by_partner[name].total, name))
    series = [(r, f"c-{r}", _.label("referral_result", r)) for r in RESULT_ORDER]

    def counts(tally: ReferralTally) -> dict[str, float]:
        return {result: float(n) for result, n in tally.results.items()}

    charts = {
        "service": stacked_bars(
            _("partners.stats.chart_service"),
            [(_.label("service", s), counts(by_service[s])) for s in services],
            series,
        ),
        "partner": stacked_bars(
            _("partners.stats.chart_partner"),
            [(_short(p), counts(by_partner[p])) for p in partners[:CHART_PARTNERS]],
            series,
        ),
    }
    return {
        "total": len(facts),
        "helped": sum(1 for f in facts if f.result == "helped"),
        "charts": charts,
        "results": RESULT_ORDER,
        "by_service": [(_.label("service", s), by_service[s]) for s in services],
        "by_partner": [(p, by_partner[p]) for p in partners],
    }


def referral_csv_groups(
    session: Session, staff: Staff, span: Period
) -> Iterator[tuple[date, str, str, str, int, int]]:
    """(week, team, service, organisation, referrals, helped), sorted."""
    facts = referrals.referral_facts(
        session, teams=visible_teams(staff), since=span.since, until=span.until
    )
    groups: dict[tuple[date, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for fact in facts:
        week = stats.week_start(fact.referred_at, span.zone)
        group = groups[(week, fact.team or "", fact.service, fact.partner)]
        group[0] += 1
        group[1] += fact.result == "helped"
    for (week, team, service, partner), (made, helped) in sorted(groups.items()):
        yield week, team, service, partner, made, helped
