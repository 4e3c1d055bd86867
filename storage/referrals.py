"""Referrals: staff link a case's household to a partner organisation, then record the result.

Each change is also a case event, so it shows in the case's history with who made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.cases import record_event
from storage.models import Case, Partner, Referral
from storage.partners import SERVICES
from storage.types import utcnow

RESULTS = ("referred", "accepted", "helped", "declined", "no_response")
RESULT_LABELS = {
    "referred": "partners.result.referred",
    "accepted": "partners.result.accepted",
    "helped": "partners.result.helped",
    "declined": "partners.result.declined",
    "no_response": "partners.result.no_response",
}
MAX_NOTE = 2000


class ReferralError(ValueError):
    """The referral cannot be recorded or changed; `key` is a catalog key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def record_referral(
    session: Session,
    *,
    case_id: int,
    partner_id: int,
    service: str,
    note: str = "",
    staff_id: int | None,
) -> Referral:
    """Record that the case was referred to an active partner for `service` (which the
    partner offers); writes a ``referral_made`` event."""
    partner = session.get(Partner, partner_id)
    if partner is None or not partner.active:
        raise ReferralError("partners.error.partner_unknown")
    if service not in SERVICES or service not in (partner.services or []):
        raise ReferralError("partners.error.service_not_offered")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ReferralError("partners.error.note_too_long")
    referral = Referral(
        case_id=case_id, partner_id=partner_id, service=service, staff_id=staff_id, note=note
    )
    session.add(referral)
    session.flush()
    record_event(
        session,
        case_id=case_id,
        kind="referral_made",
        staff_id=staff_id,
        data={"referral_id": referral.id, "partner": partner.name, "service": service},
    )
    return referral


def set_result(
    session: Session, *, case_id: int, referral_id: int, result: str, staff_id: int | None
) -> Referral:
    """Record what came of a referral of this case; writes a ``referral_result`` event
    (nothing when the result is unchanged). Raises ReferralError."""
    referral = session.get(Referral, referral_id)
    if referral is None or referral.case_id != case_id:
        raise ReferralError("partners.error.referral_unknown")
    if result not in RESULTS:
        raise ReferralError("partners.error.result_unknown")
    if result == referral.result:
        return referral
    previous = referral.result
    referral.result = result
    referral.result_at = utcnow()
    session.add(referral)
    partner = session.get(Partner, referral.partner_id)
    record_event(
        session,
        case_id=case_id,
        kind="referral_result",
        staff_id=staff_id,
        data={
            "referral_id": referral.id,
            "partner": partner.name if partner else "",
            "service": referral.service,
            "from": previous,
            "to": result,
        },
    )
    return referral


def case_referrals(session: Session, *, case_id: int) -> list[tuple[Referral, Partner]]:
    """A case's referrals with their partners, oldest first."""
    rows = session.exec(
        select(Referral, Partner)
        .join(Partner, col(Partner.id) == col(Referral.partner_id))
        .where(col(Referral.case_id) == case_id)
        .order_by(col(Referral.referred_at), col(Referral.id))
    ).all()
    return [(referral, partner) for referral, partner in rows]


@dataclass(frozen=True)
class ReferralFact:
    """What the statistics need to know about one referral."""

    referred_at: datetime
    team: str | None
    service: str
    partner_id: int
    partner: str
    result: str


def referral_facts(
    session: Session, *, teams: tuple[str, ...] | None, since: datetime, until: datetime
) -> list[ReferralFact]:
    """Referrals made in [since, until) on cases the viewer may see (`teams` None: all)."""
    statement = (
        select(Referral, Partner.name, Case.team)
        .join(Partner, col(Partner.id) == col(Referral.partner_id))
        .join(Case, col(Case.id) == col(Referral.case_id))
        .where(col(Referral.referred_at) >= since, col(Referral.referred_at) < until)
        .order_by(col(Referral.referred_at))
    )
    if teams is not None:
        statement = statement.where(col(Case.team).in_(teams) | col(Case.team).is_(None))
    return [
        ReferralFact(
            referred_at=referral.referred_at,
            team=team,
            service=referral.service,
            partner_id=referral.partner_id,
            partner=name,
            result=referral.result,
        )
        for referral, name, team in session.exec(statement).all()
    ]
