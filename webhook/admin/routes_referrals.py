"""Referrals staff record on a case (which partner, for what) and their results.

Like every case action: the session's CSRF token (StaffForm), the case checked through
case_for (another team's case answers 404), an audit entry, a redirect back to the case.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse

from storage import referrals
from webhook.actions import referrals as referral_actions
from webhook.admin.auth import PageError, StaffForm
from webhook.admin.routes_case import case_for
from webhook.admin.routes_case_actions import back
from webhook.bounds import bounded_id
from webhook.deps import SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)
Text = Annotated[str, Form(max_length=5000)]
Short = Annotated[str, Form(max_length=300)]


@router.post("/cases/{case_id}/referrals")
def record_referral(
    case_id: int, auth: StaffForm, session: SessionDep, choice: Short = "", note: Text = ""
) -> RedirectResponse:
    """Staff referred the household to a partner for one service ("partner_id:service")."""
    case = case_for(session, auth, case_id)
    partner_id, _, service = choice.partition(":")
    partner = bounded_id(partner_id)
    try:
        if partner is None:
            raise referrals.ReferralError("partners.error.partner_unknown")
        referral_actions.record_referral(
            session, auth.actor, case, partner_id=partner, service=service, note=note
        )
    except referrals.ReferralError:
        return back(case_id, error="admin.error.invalid", anchor="referrals")
    return back(case_id, notice="admin.notice.saved", anchor="referrals")


@router.post("/cases/{case_id}/referrals/{referral_id}/result")
def set_referral_result(
    case_id: int, referral_id: int, auth: StaffForm, session: SessionDep, result: Short = ""
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    try:
        referral_actions.set_result(
            session, auth.actor, case, referral_id=referral_id, result=result
        )
    except referrals.ReferralError as error:
        if error.key == "partners.error.referral_unknown":
            raise PageError(404, "admin.error.not_found") from error
        return back(case_id, error="admin.error.invalid", anchor="referrals")
    return back(case_id, notice="admin.notice.saved", anchor="referrals")
