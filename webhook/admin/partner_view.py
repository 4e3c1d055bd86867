"""What the partner pages and the case page's referrals section show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sqlmodel import Session, col, select

from bot.catalog import all_translations
from storage import referrals
from storage.models import Case, District, Partner, Referral
from storage.partners import SERVICE_LABELS, SERVICES, PartnerError, PartnerFields
from storage.queue_search import staff_names
from storage.rows import require_id
from webhook.admin.auth import PageAuth
from webhook.admin.render import Translator


@cache
def service_names() -> dict[str, str]:
    """Each service's label in every language, and each part of a label like "식품·먹거리",
    casefolded, to its code: CSV files may name services as staff read them."""
    names: dict[str, str] = {}
    for code, key in SERVICE_LABELS.items():
        for label in all_translations(key):
            names[label.casefold()] = code
            for part in re.split(r"[·与]", label):
                names.setdefault(part.strip().casefold(), code)
    return names


def error_text(auth: PageAuth, error: PartnerError) -> str:
    return Translator(auth.language)(error.key, **error.values)


def fields_of(partner: Partner) -> PartnerFields:
    return PartnerFields(
        name=partner.name,
        services=list(partner.services or []),
        districts=list(partner.districts or []),
        contact=partner.contact,
        hours=partner.hours,
        notes=partner.notes,
        public=partner.public,
    )


BLANK = PartnerFields(name="", services=[], districts=[])


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    partner: str
    staff: str  # who made the referral


@dataclass(frozen=True)
class ReferralSection:
    """The case page's referrals: those made, and the (partner, services) one can choose."""

    rows: list[ReferralRow]
    choices: list[tuple[Partner, list[str]]]
    results: tuple[str, ...] = referrals.RESULTS


def _team_districts(session: Session, team: str | None) -> set[str]:
    if team is None:
        return set()
    return set(session.exec(select(District.name).where(col(District.team) == team)).all())


def case_referrals(session: Session, auth: PageAuth, case: Case) -> ReferralSection:
    """The referrals of `case`; partners serving the case's team's districts (or the whole
    city) are offered first."""
    case_id = require_id(case)
    made = referrals.case_referrals(session, case_id=case_id)
    names = staff_names(session, {r.staff_id for r, _ in made if r.staff_id})
    rows = [ReferralRow(r, p.name, names.get(r.staff_id or 0, "")) for r, p in made]
    local = _team_districts(session, case.team)
    active = session.exec(select(Partner).where(col(Partner.active))).all()

    def order(partner: Partner) -> tuple[int, str]:
        serves = not partner.districts or bool(local & set(partner.districts))
        return (0 if serves else 1, partner.name.casefold())

    choices = [
        (p, [s for s in SERVICES if s in (p.services or [])])
        for p in sorted(active, key=order)
        if p.services
    ]
    return ReferralSection(rows=rows, choices=choices)
