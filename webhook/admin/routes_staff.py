"""Staff accounts for admins: create, disable, reset passwords, roles, teams, API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from storage import audit, sessions
from storage import staff as staff_repo
from storage.models import Staff
from webhook.admin.auth import (
    PageAuth,
    PageError,
    StaffForm,
    StaffPage,
    require_admin,
    session_policy,
)
from webhook.admin.render import render
from webhook.deps import RuntimeDep, SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)
Short = Annotated[str, Form(max_length=100)]
Secret = Annotated[str, Form(max_length=1000)]
NOTICES = frozenset(
    {
        "admin.notice.staff_created",
        "admin.notice.saved",
        "admin.notice.password_reset",
        "admin.notice.token_revoked",
        "admin.notice.sessions_ended",
    }
)
ERRORS = frozenset(
    {
        "admin.error.invalid",
        "admin.error.password_short",
        "admin.error.password_mismatch",
        "admin.error.not_yourself",
        "admin.error.username_taken",
    }
)


def _account(session: SessionDep, staff_id: int) -> Staff:
    account = session.get(Staff, staff_id)
    if account is None:
        raise PageError(404, "admin.error.not_found")
    return account


def _back(staff_id: int | None, *, notice: str = "", error: str = "") -> RedirectResponse:
    query = f"?notice={notice}" if notice else (f"?error={error}" if error else "")
    target = f"/admin/staff/{staff_id}" if staff_id is not None else "/admin/staff"
    return RedirectResponse(target + query, status_code=303)


@router.get("/staff", response_class=HTMLResponse)
def staff_list(
    request: Request, auth: StaffPage, session: SessionDep, error: str = ""
) -> HTMLResponse:
    require_admin(auth)
    accounts = staff_repo.list_staff(session)
    signed_in = sessions.last_sign_in(session, staff_ids=[a.id for a in accounts if a.id])
    return render(
        request,
        auth,
        "staff_list.html",
        nav="staff",
        accounts=accounts,
        signed_in=signed_in,
        roles=staff_repo.ROLES,
        teams=staff_repo.teams(session),
        error=error if error in ERRORS else "",
    )


@router.post("/staff")
def create_account(
    auth: StaffForm,
    session: SessionDep,
    username: Short = "",
    role: Short = "staff",
    team: Short = "",
    password: Secret = "",
) -> RedirectResponse:
    require_admin(auth)
    if staff_repo.find_by_username(session, username=username.strip()) is not None:
        return _back(None, error="admin.error.username_taken")
    try:
        account = staff_repo.create_staff(
            session, username=username, password=password, role=role, team=team.strip() or None
        )
    except staff_repo.StaffError:
        session.rollback()
        short = len(password) < 10
        return _back(None, error="admin.error.password_short" if short else "admin.error.invalid")
    audit.record(
        session,
        action="staff_created",
        staff=auth.staff,
        ip=auth.ip,
        detail={"username": account.username, "role": account.role, "team": account.team},
    )
    session.commit()
    return _back(account.id, notice="admin.notice.staff_created")


def _detail_page(
    request: Request,
    auth: PageAuth,
    session: SessionDep,
    runtime: RuntimeDep,
    account: Staff,
    *,
    notice: str = "",
    error: str = "",
    new_token: str = "",
) -> HTMLResponse:
    assert account.id is not None
    return render(
        request,
        auth,
        "staff_detail.html",
        nav="staff",
        account=account,
        roles=staff_repo.ROLES,
        teams=staff_repo.teams(session),
        tokens=staff_repo.list_tokens(session, staff_id=account.id),
        open_sessions=sessions.open_sessions(
            session, staff_id=account.id, policy=session_policy(runtime.settings)
        ),
        notice=notice if notice in NOTICES else "",
        error=error if error in ERRORS else "",
        new_token=new_token,
    )


@router.get("/staff/{staff_id}", response_class=HTMLResponse)
def staff_detail(
    staff_id: int,
    request: Request,
    auth: StaffPage,
    session: SessionDep,
    runtime: RuntimeDep,
    notice: str = "",
    error: str = "",
) -> HTMLResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    return _detail_page(request, auth, session, runtime, account, notice=notice, error=error)


@router.post("/staff/{staff_id}/account")
def change_account(
    staff_id: int, auth: StaffForm, session: SessionDep, role: Short = "", team: Short = ""
) -> RedirectResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    if account.id == auth.staff_id and role != account.role:
        # An admin demoting themselves could leave nobody able to manage accounts.
        return _back(staff_id, error="admin.error.not_yourself")
    before = {"role": account.role, "team": account.team}
    try:
        staff_repo.update_account(session, staff=account, role=role, team=team)
    except staff_repo.StaffError:
        session.rollback()
        return _back(staff_id, error="admin.error.invalid")
    audit.record(
        session,
        action="staff_changed",
        staff=auth.staff,
        ip=auth.ip,
        detail={
            "username": account.username,
            "before": before,
            "after": {"role": account.role, "team": account.team},
        },
    )
    session.commit()
    return _back(staff_id, notice="admin.notice.saved")


@router.post("/staff/{staff_id}/active")
def change_active(
    staff_id: int, auth: StaffForm, session: SessionDep, active: Short = ""
) -> RedirectResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    if account.id == auth.staff_id:
        return _back(staff_id, error="admin.error.not_yourself")
    enable = active == "1"
    staff_repo.set_active(session, staff=account, active=enable)
    audit.record(
        session,
        action="staff_enabled" if enable else "staff_disabled",
        staff=auth.staff,
        ip=auth.ip,
        detail={"username": account.username},
    )
    session.commit()
    return _back(staff_id, notice="admin.notice.saved")


@router.post("/staff/{staff_id}/password")
def reset_password(
    staff_id: int,
    auth: StaffForm,
    session: SessionDep,
    password: Secret = "",
    repeat: Secret = "",
) -> RedirectResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    if password != repeat:
        return _back(staff_id, error="admin.error.password_mismatch")
    try:
        staff_repo.set_password(session, staff=account, password=password)
    except staff_repo.StaffError:
        return _back(staff_id, error="admin.error.password_short")
    assert account.id is not None
    # Whoever knew the old password must not stay signed in with it.
    # Resetting one's own password keeps this browser signed in.
    keep = auth.session_id if account.id == auth.staff_id else None
    ended = sessions.revoke_all(session, staff_id=account.id, keep=keep)
    audit.record(
        session,
        action="password_reset",
        staff=auth.staff,
        ip=auth.ip,
        detail={"username": account.username, "sessions_ended": ended},
    )
    session.commit()
    return _back(staff_id, notice="admin.notice.password_reset")


@router.post("/staff/{staff_id}/tokens", response_class=HTMLResponse)
def issue_token(
    staff_id: int, request: Request, auth: StaffForm, session: SessionDep, runtime: RuntimeDep
) -> HTMLResponse:
    """A new API token, shown on this one response only (only its digest is stored)."""
    require_admin(auth)
    account = _account(session, staff_id)
    if not account.active:
        raise PageError(409, "admin.error.inactive")
    assert account.id is not None
    token = staff_repo.issue_token(session, staff_id=account.id)
    audit.record(
        session,
        action="token_issued",
        staff=auth.staff,
        ip=auth.ip,
        detail={"username": account.username},
    )
    session.commit()
    return _detail_page(request, auth, session, runtime, account, new_token=token)


@router.post("/staff/{staff_id}/tokens/{token_id}/revoke")
def revoke_token(
    staff_id: int, token_id: int, auth: StaffForm, session: SessionDep
) -> RedirectResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    if not staff_repo.revoke_token(session, staff_id=staff_id, token_id=token_id):
        raise PageError(404, "admin.error.not_found")
    audit.record(
        session,
        action="token_revoked",
        staff=auth.staff,
        ip=auth.ip,
        detail={"username": account.username, "token_id": token_id},
    )
    session.commit()
    return _back(staff_id, notice="admin.notice.token_revoked")


@router.post("/staff/{staff_id}/sessions/revoke")
def end_sessions(staff_id: int, auth: StaffForm, session: SessionDep) -> RedirectResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    assert account.id is not None
    ended = sessions.revoke_all(session, staff_id=account.id)
    audit.record(
        session,
        action="sessions_ended",
        staff=auth.staff,
        ip=auth.ip,
        detail={"username": account.username, "sessions_ended": ended},
    )
    session.commit()
    return _back(staff_id, notice="admin.notice.sessions_ended")
