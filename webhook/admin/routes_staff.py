"""Staff accounts for admins: create, disable, reset passwords, roles, teams, API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from storage import sessions
from storage import staff as staff_repo
from storage.models import Staff
from storage.rows import require_id
from webhook.actions import staff_accounts
from webhook.actions.staff_accounts import AccountError
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
    try:
        account = staff_accounts.create_account(
            session, auth.actor, username=username, password=password, role=role, team=team
        )
    except AccountError as error:
        return _back(None, error=f"admin.error.{error.code}")
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
    account_id = require_id(account)
    return render(
        request,
        auth,
        "staff_detail.html",
        nav="staff",
        account=account,
        roles=staff_repo.ROLES,
        teams=staff_repo.teams(session),
        tokens=staff_repo.list_tokens(session, staff_id=account_id),
        open_sessions=sessions.open_sessions(
            session, staff_id=account_id, policy=session_policy(runtime.settings)
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
    try:
        staff_accounts.change_account(session, auth.actor, account, role=role, team=team)
    except AccountError as error:
        return _back(staff_id, error=f"admin.error.{error.code}")
    return _back(staff_id, notice="admin.notice.saved")


@router.post("/staff/{staff_id}/active")
def change_active(
    staff_id: int, auth: StaffForm, session: SessionDep, active: Short = ""
) -> RedirectResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    try:
        staff_accounts.set_active(session, auth.actor, account, active=active == "1")
    except AccountError as error:
        return _back(staff_id, error=f"admin.error.{error.code}")
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
    try:
        # Resetting one's own password keeps this browser signed in.
        staff_accounts.reset_password(
            session,
            auth.actor,
            account,
            password=password,
            repeat=repeat,
            keep_session=auth.session_id,
        )
    except AccountError as error:
        return _back(staff_id, error=f"admin.error.{error.code}")
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
    token = staff_accounts.issue_token(session, auth.actor, account)
    return _detail_page(request, auth, session, runtime, account, new_token=token)


@router.post("/staff/{staff_id}/tokens/{token_id}/revoke")
def revoke_token(
    staff_id: int, token_id: int, auth: StaffForm, session: SessionDep
) -> RedirectResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    if not staff_accounts.revoke_token(session, auth.actor, account, token_id=token_id):
        raise PageError(404, "admin.error.not_found")
    return _back(staff_id, notice="admin.notice.token_revoked")


@router.post("/staff/{staff_id}/sessions/revoke")
def end_sessions(staff_id: int, auth: StaffForm, session: SessionDep) -> RedirectResponse:
    require_admin(auth)
    account = _account(session, staff_id)
    staff_accounts.end_sessions(session, auth.actor, account)
    return _back(staff_id, notice="admin.notice.sessions_ended")
