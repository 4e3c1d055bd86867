"""The volunteers page (invites, disable / re-enable) and visit requests on the case page.

Every form carries the CSRF token (StaffForm), cases are checked through case_for, and
every action is audited; like the API, any staff member may invite and manage volunteers.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from storage import visits, volunteers
from storage.models import VisitRequest, Volunteer, VolunteerInvite
from webhook.actions import views
from webhook.actions import volunteers as volunteer_actions
from webhook.admin.auth import PageError, StaffForm, StaffPage
from webhook.admin.render import render
from webhook.admin.routes_case import case_for
from webhook.bounds import bounded_id
from webhook.deps import RuntimeDep, SessionDep
from webhook.routes_volunteers import invite_link

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("/volunteers", response_class=HTMLResponse)
def volunteers_page(
    request: Request,
    auth: StaffPage,
    session: SessionDep,
    runtime: RuntimeDep,
    invite: str = "",
    error: str = "",
) -> HTMLResponse:
    invite_id = bounded_id(invite)
    created = session.get(VolunteerInvite, invite_id) if invite_id is not None else None
    views.view_volunteers(session, auth.actor)
    return render(
        request,
        auth,
        "volunteers.html",
        nav="volunteers",
        rows=volunteers.list_volunteers(session),
        invites=volunteers.recent_invites(session),
        created=created,
        created_link=invite_link(runtime.bot_username, created.code) if created else None,
        error="admin.error.invalid" if error else "",
    )


@router.post("/volunteers/invites")
def create_invite(
    auth: StaffForm, session: SessionDep, name: Annotated[str, Form(max_length=200)] = ""
) -> RedirectResponse:
    try:
        invite = volunteer_actions.invite(session, auth.actor, name=name)
    except volunteers.InviteError:
        return RedirectResponse("/admin/volunteers?error=1", status_code=303)
    return RedirectResponse(f"/admin/volunteers?invite={invite.id}", status_code=303)


@router.post("/volunteers/{volunteer_id}/active")
def set_active(
    volunteer_id: int,
    auth: StaffForm,
    session: SessionDep,
    active: Annotated[str, Form(max_length=1)] = "",
) -> RedirectResponse:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise PageError(404, "admin.error.not_found")
    volunteer_actions.set_active(session, auth.actor, volunteer, active=active == "1")
    return RedirectResponse("/admin/volunteers", status_code=303)


@router.post("/cases/{case_id}/visit-requests")
def request_visit(
    case_id: int,
    auth: StaffForm,
    session: SessionDep,
    runtime: RuntimeDep,
    volunteer_id: Annotated[int, Form()] = 0,
    details: Annotated[str, Form(max_length=5000)] = "",
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        return _back(case_id, error="admin.error.invalid")
    try:
        volunteer_actions.request_visit(
            session, auth.actor, case, volunteer=volunteer, details=details
        )
    except visits.VisitError:
        return _back(case_id, error="admin.error.invalid")
    runtime.outbox_written()
    return _back(case_id, notice="admin.notice.saved")


@router.post("/cases/{case_id}/visit-requests/{request_id}/cancel")
def cancel_visit(
    case_id: int, request_id: int, auth: StaffForm, session: SessionDep
) -> RedirectResponse:
    case_for(session, auth, case_id)
    row = session.get(VisitRequest, request_id)
    if row is None or row.case_id != case_id:
        raise PageError(404, "admin.error.not_found")
    if not volunteer_actions.cancel_visit(session, auth.actor, row):
        return _back(case_id, error="admin.error.invalid")
    return _back(case_id, notice="admin.notice.saved")


def _back(case_id: int, *, notice: str = "", error: str = "") -> RedirectResponse:
    query = f"?notice={notice}" if notice else f"?error={error}"
    return RedirectResponse(f"/admin/cases/{case_id}{query}#visits", status_code=303)
