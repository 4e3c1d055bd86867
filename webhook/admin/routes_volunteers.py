"""The volunteers page (invites, disable / re-enable) and visit requests on the case page.

Every form carries the CSRF token (StaffForm), cases are checked through case_for, and
every action is audited; like the API, any staff member may invite and manage volunteers.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from bot.visits import send_request
from storage import audit, visits, volunteers
from storage.models import VisitRequest, Volunteer, VolunteerInvite
from webhook.admin.auth import PageAuth, PageError, StaffForm, StaffPage
from webhook.admin.render import render
from webhook.admin.routes_case import case_for
from webhook.bounds import bounded_id
from webhook.deps import RuntimeDep, SessionDep
from webhook.routes_volunteers import change_volunteer, invite_link

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
    audit.record(session, action="volunteers_viewed", staff=auth.staff, ip=auth.ip)
    session.commit()
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
    name = name.strip()
    if not name or len(name) > 100:
        return RedirectResponse("/admin/volunteers?error=1", status_code=303)
    invite = volunteers.create_invite(session, name=name, staff_id=auth.staff_id)
    audit.record(
        session,
        action="volunteer_invited",
        staff=auth.staff,
        ip=auth.ip,
        detail={"name": invite.name, "invite_id": invite.id},
    )
    session.commit()
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
    enable = active == "1"
    change_volunteer(session, volunteer=volunteer, active=enable, staff_id=auth.staff_id)
    audit.record(
        session,
        action="volunteer_enabled" if enable else "volunteer_disabled",
        staff=auth.staff,
        ip=auth.ip,
        detail={"volunteer_id": volunteer_id},
    )
    session.commit()
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
        row = send_request(
            session, case=case, volunteer=volunteer, details=details, staff_id=auth.staff_id
        )
    except visits.VisitError:
        session.rollback()
        return _back(case_id, error="admin.error.invalid")
    _audit(session, auth, case_id, "visit_requested", row)
    session.commit()
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
    if not visits.cancel(session, request=row, staff_id=auth.staff_id):
        return _back(case_id, error="admin.error.invalid")
    _audit(session, auth, case_id, "visit_cancelled", row)
    session.commit()
    return _back(case_id, notice="admin.notice.saved")


def _audit(session: Session, auth: PageAuth, case_id: int, action: str, row: VisitRequest) -> None:
    audit.record(
        session,
        action=action,
        staff=auth.staff,
        case_id=case_id,
        ip=auth.ip,
        detail={"visit_request_id": row.id, "volunteer_id": row.volunteer_id},
    )


def _back(case_id: int, *, notice: str = "", error: str = "") -> RedirectResponse:
    query = f"?notice={notice}" if notice else f"?error={error}"
    return RedirectResponse(f"/admin/cases/{case_id}{query}#visits", status_code=303)
