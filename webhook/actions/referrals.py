"""Staff actions on a case's referrals to partner organisations: record one, record what
came of it."""

from __future__ import annotations

from sqlmodel import Session

from storage import referrals
from storage.models import Case, Referral
from storage.rows import require_id
from webhook.actions import Actor, all_or_nothing, done


def record_referral(
    session: Session, actor: Actor, case: Case, *, partner_id: int, service: str, note: str
) -> Referral:
    """The household was referred to a partner for `service`. Raises ReferralError."""
    case_id = require_id(case)
    with all_or_nothing(session):
        referral = referrals.record_referral(
            session,
            case_id=case_id,
            partner_id=partner_id,
            service=service,
            note=note,
            staff_id=actor.staff_id,
        )
    detail = {"referral_id": referral.id, "partner_id": referral.partner_id, "service": service}
    done(session, actor, "referral_recorded", case_id=case_id, detail=detail)
    return referral


def set_result(
    session: Session, actor: Actor, case: Case, *, referral_id: int, result: str
) -> Referral:
    """What came of a referral of this case. Raises ReferralError
    (`partners.error.referral_unknown` for another case's or a missing referral)."""
    case_id = require_id(case)
    with all_or_nothing(session):
        referral = referrals.set_result(
            session,
            case_id=case_id,
            referral_id=referral_id,
            result=result,
            staff_id=actor.staff_id,
        )
    detail = {"referral_id": referral_id, "result": result}
    done(session, actor, "referral_result_set", case_id=case_id, detail=detail)
    return referral
