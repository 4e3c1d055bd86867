"""FastAPI dependencies: the runtime, database sessions and the authenticated staff member."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlmodel import Session

from storage import staff as staff_repo
from storage.models import Staff
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


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None
