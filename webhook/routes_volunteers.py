"""Volunteers in the staff API: invites (a one-time code and a t.me deep link), the list,
disabling and re-enabling, and visit requests on a case."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from bot.visits import send_request
from storage import audit, visits, volunteers
from storage.models import Volunteer
from webhook.bounds import ROW_ID_MAX
from webhook.deps import CurrentStaff, RuntimeDep, SessionDep, case_or_404, client_ip

router = APIRouter(prefix="/api", tags=["volunteers"])


class InviteIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class InviteOut(BaseModel):
    code: str
    link: str | None
    name: str
    expires_at: datetime


class VolunteerOut(BaseModel):
    id: int
    name: str
    active: bool
    joined_at: datetime
    tips: int
    open_visit_requests: int


class VolunteerList(BaseModel):
    items: list[VolunteerOut]


class VolunteerPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    active: bool


class VisitRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    volunteer_id: int = Field(ge=1, le=ROW_ID_MAX)
    details: str = Field(min_length=1, max_length=visits.MAX_DETAILS)


class VisitRequestOut(BaseModel):
    id: int
    case_id: int
    volunteer_id: int
    status: str
    result: str | None
    details: str
    created_at: datetime


@router.post("/volunteers/invites", status_code=status.HTTP_201_CREATED, response_model=InviteOut)
def create_invite(
    body: InviteIn, session: SessionDep, staff: CurrentStaff, runtime: RuntimeDep, request: Request
) -> InviteOut:
    invite = volunteers.create_invite(session, name=body.name.strip(), staff_id=staff.id)
    audit.record(
        session,
        action="volunteer_invited",
        staff=staff,
        ip=client_ip(request),
        detail={"name": invite.name, "invite_id": invite.id},
    )
    session.commit()
    return InviteOut(
        code=invite.code,
        link=invite_link(runtime.bot_username, invite.code),
        name=invite.name,
        expires_at=invite.expires_at,
    )


def invite_link(bot_username: str | None, code: str) -> str | None:
    """The t.me deep link that opens the bot with `/start CODE` (None until the bot is known)."""
    return f"https://t.me/{bot_username}?start={code}" if bot_username else None


@router.get("/volunteers", response_model=VolunteerList)
def list_volunteers(session: SessionDep, staff: CurrentStaff, request: Request) -> VolunteerList:
    rows = volunteers.list_volunteers(session)
    audit.record(session, action="volunteers_viewed", staff=staff, ip=client_ip(request))
    session.commit()
    return VolunteerList(
        items=[
            VolunteerOut(
                id=row.volunteer.id or 0,
                name=row.volunteer.name,
                active=row.volunteer.active,
                joined_at=row.volunteer.created_at,
                tips=row.tips,
                open_visit_requests=row.open_visits,
            )
            for row in rows
        ]
    )


@router.patch("/volunteers/{volunteer_id}", response_model=VolunteerOut)
def update_volunteer(
    volunteer_id: int,
    body: VolunteerPatch,
    session: SessionDep,
    staff: CurrentStaff,
    request: Request,
) -> VolunteerOut:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such volunteer")
    change_volunteer(session, volunteer=volunteer, active=body.active, staff_id=staff.id)
    audit.record(
        session,
        action="volunteer_enabled" if body.active else "volunteer_disabled",
        staff=staff,
        ip=client_ip(request),
        detail={"volunteer_id": volunteer_id},
    )
    session.commit()
    row = next(r for r in volunteers.list_volunteers(session) if r.volunteer.id == volunteer_id)
    return VolunteerOut(
        id=volunteer_id,
        name=volunteer.name,
        active=volunteer.active,
        joined_at=volunteer.created_at,
        tips=row.tips,
        open_visit_requests=row.open_visits,
    )


def change_volunteer(
    session: Session, *, volunteer: Volunteer, active: bool, staff_id: int | None
) -> None:
    """Disable (withdrawing their open visit requests) or re-enable a volunteer."""
    if volunteers.set_active(session, volunteer=volunteer, active=active) and not active:
        assert volunteer.id is not None
        visits.cancel_for_volunteer(session, volunteer_id=volunteer.id, staff_id=staff_id)


@router.post(
    "/cases/{case_id}/visit-requests",
    status_code=status.HTTP_201_CREATED,
    response_model=VisitRequestOut,
)
def request_visit(
    case_id: int,
    body: VisitRequestIn,
    session: SessionDep,
    staff: CurrentStaff,
    runtime: RuntimeDep,
    request: Request,
) -> VisitRequestOut:
    case = case_or_404(session, staff, case_id)
    volunteer = session.get(Volunteer, body.volunteer_id)
    if volunteer is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="no such volunteer")
    try:
        row = send_request(
            session, case=case, volunteer=volunteer, details=body.details, staff_id=staff.id
        )
    except visits.VisitError as error:
        session.rollback()
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from error
    audit.record(
        session,
        action="visit_requested",
        staff=staff,
        case_id=case_id,
        ip=client_ip(request),
        detail={"volunteer_id": volunteer.id, "visit_request_id": row.id},
    )
    session.commit()
    runtime.outbox_written()
    return VisitRequestOut(
        id=row.id or 0,
        case_id=case_id,
        volunteer_id=row.volunteer_id,
        status=row.status,
        result=row.result,
        details=row.details,
        created_at=row.created_at,
    )
