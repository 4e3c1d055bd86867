"""Volunteers in the staff API: invites (a one-time code and a t.me deep link), the list,
disabling and re-enabling, and visit requests on a case."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field

from storage import visits, volunteers
from storage.models import Volunteer
from webhook.actions import views
from webhook.actions import volunteers as volunteer_actions
from webhook.bounds import ROW_ID_MAX
from webhook.deps import RuntimeDep, SessionDep, StaffActor, case_or_404

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
    body: InviteIn, session: SessionDep, actor: StaffActor, runtime: RuntimeDep
) -> InviteOut:
    try:
        invite = volunteer_actions.invite(session, actor, name=body.name)
    except volunteers.InviteError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from error
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
def list_volunteers(session: SessionDep, actor: StaffActor) -> VolunteerList:
    rows = volunteers.list_volunteers(session)
    views.view_volunteers(session, actor)
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
    actor: StaffActor,
) -> VolunteerOut:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such volunteer")
    volunteer_actions.set_active(session, actor, volunteer, active=body.active)
    row = next(r for r in volunteers.list_volunteers(session) if r.volunteer.id == volunteer_id)
    return VolunteerOut(
        id=volunteer_id,
        name=volunteer.name,
        active=volunteer.active,
        joined_at=volunteer.created_at,
        tips=row.tips,
        open_visit_requests=row.open_visits,
    )


@router.post(
    "/cases/{case_id}/visit-requests",
    status_code=status.HTTP_201_CREATED,
    response_model=VisitRequestOut,
)
def request_visit(
    case_id: int,
    body: VisitRequestIn,
    session: SessionDep,
    actor: StaffActor,
    runtime: RuntimeDep,
) -> VisitRequestOut:
    case = case_or_404(session, actor.staff, case_id)
    volunteer = session.get(Volunteer, body.volunteer_id)
    if volunteer is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="no such volunteer")
    try:
        row = volunteer_actions.request_visit(
            session, actor, case, volunteer=volunteer, details=body.details
        )
    except visits.VisitError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from error
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
