"""Volunteer invites: staff create a one-time code and a t.me deep link to hand out."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from storage import audit, volunteers
from webhook.deps import CurrentStaff, RuntimeDep, SessionDep, client_ip

router = APIRouter(prefix="/api/volunteers", tags=["volunteers"])


class InviteIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class InviteOut(BaseModel):
    code: str
    link: str | None
    name: str
    expires_at: datetime


@router.post("/invites", status_code=status.HTTP_201_CREATED, response_model=InviteOut)
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
    username = runtime.bot_username
    link = f"https://t.me/{username}?start={invite.code}" if username else None
    return InviteOut(code=invite.code, link=link, name=invite.name, expires_at=invite.expires_at)
