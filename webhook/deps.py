"""FastAPI dependencies: the runtime, database sessions and the authenticated staff member."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlmodel import Session

from storage import staff as staff_repo
from storage.access import visible_case
from storage.models import Case, Staff
from webhook.actions import Actor
from webhook.runtime import Runtime


async def get_runtime(request: Request) -> Runtime:
    # async: a plain def would cost a thread-pool hop on every webhook call.
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    # Sync dependency and sync routes: FastAPI runs them in its thread pool, off the loop.
    with Session(runtime.engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_current_staff(request: Request, session: SessionDep) -> Staff:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    staff = None
    if scheme.lower() == "bearer" and token:
        staff = staff_repo.staff_for_token(session, token=token.strip())
    if staff is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="a valid API token is required (Authorization: Bearer <token>)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    session.commit()  # keeps last_used_at
    return staff


CurrentStaff = Annotated[Staff, Depends(get_current_staff)]


def get_actor(request: Request, staff: CurrentStaff) -> Actor:
    return Actor(staff, client_ip(request))


# The API's caller as webhook.actions take it: the staff member and their address.
StaffActor = Annotated[Actor, Depends(get_actor)]


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def case_or_404(session: Session, staff: Staff, case_id: int) -> Case:
    """The case `staff` may see, for API routes; 404 for another team's case as for a missing
    one (storage.access.visible_case decides, as it does for the pages)."""
    case = visible_case(session, staff, case_id)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such case")
    return case
