"""Signing in and out of the staff pages, and choosing their language."""

from __future__ import annotations

import os
import secrets
import threading
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.catalog import LANGUAGES
from storage import login_throttle
from storage import staff as staff_repo
from storage.models import Staff
from webhook.actions import sign_in
from webhook.admin.auth import (
    LOGIN_CSRF_COOKIE,
    StaffForm,
    clear_session_cookie,
    login_csrf,
    login_csrf_valid,
    safe_next,
    session_policy,
    set_login_csrf_cookie,
    set_session_cookie,
)
from webhook.admin.language import LANGUAGE_COOKIE
from webhook.admin.render import render
from webhook.deps import RuntimeDep, SessionDep, client_ip

router = APIRouter(include_in_schema=False)
THROTTLE = login_throttle.ThrottlePolicy()
# Argon2 is slow and memory-hard on purpose; many sign-ins at once would take every core from
# the webhook and the inbox worker. They wait for each other instead (half the cores).
PASSWORD_CHECKS = threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) // 2))


@cache
def _dummy_hash() -> str:
    # Verifying against this when the username is unknown keeps both answers equally slow.
    return staff_repo.hash_password(secrets.token_urlsafe(16))


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/admin/", status_code=307)


@router.get("/admin")
def admin_root() -> RedirectResponse:
    return RedirectResponse("/admin/", status_code=307)


def _login_page(
    request: Request,
    runtime: RuntimeDep,
    *,
    status: int = 200,
    error: str | None = None,
    next_path: str = "",
    username: str = "",
    language: str | None = None,
) -> HTMLResponse:
    token, nonce = login_csrf(request, runtime.login_form_key)
    response = render(
        request,
        None,
        "login.html",
        status=status,
        language=language,
        error=error,
        next_path=next_path if safe_next(next_path) else "",
        username=username,
        login_csrf=token,
    )
    set_login_csrf_cookie(response, request, runtime.settings, nonce)
    return response


@router.get("/admin/login", response_class=HTMLResponse)
def login_form(
    request: Request, runtime: RuntimeDep, next: str = "", lang: str = ""
) -> HTMLResponse:
    language = lang if lang in LANGUAGES else None
    response = _login_page(request, runtime, next_path=next, language=language)
    if language:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="lax")
    return response


@router.post("/admin/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    ip = client_ip(request)
    username = username.strip()
    page = {"next_path": next, "username": username}
    if not login_csrf_valid(request, runtime.login_form_key, csrf_token):
        return _login_page(request, runtime, status=403, error="admin.error.csrf", **page)
    limit = login_throttle.locked_by(session, username=username, ip=ip, policy=THROTTLE)
    if limit is not None:
        sign_in.throttled(session, username=username, ip=ip, limit=limit, policy=THROTTLE)
        error = "admin.login.slowed" if limit == "account" else "admin.login.throttled"
        return _login_page(request, runtime, status=429, error=error, **page)
    account = staff_repo.find_by_username(session, username=username) if username else None
    checked_hash = account.password_hash if account else _dummy_hash()
    # Argon2 takes a while on purpose: end the transaction first (on SQLite it holds the
    # write lock, and the webhook must not wait for a password check). This sync route
    # runs in the thread pool, off the event loop.
    session.commit()
    with PASSWORD_CHECKS:
        valid = staff_repo.verify_password(checked_hash, password)
        rehashed = (
            staff_repo.hash_password(password)
            if valid and staff_repo.needs_rehash(checked_hash)
            else None
        )
    if account is not None:
        session.refresh(account)  # disabled, or given a new password, meanwhile?
    if account is None or not account.active or not valid or account.password_hash != checked_hash:
        sign_in.failed(session, username=username, ip=ip)
        return _login_page(request, runtime, status=401, error="admin.login.failed", **page)
    token = sign_in.signed_in(
        session,
        account,
        ip=ip,
        user_agent=request.headers.get("user-agent"),
        policy=session_policy(runtime.settings),
        rehashed=rehashed,
    )
    response = RedirectResponse(next if safe_next(next) else "/admin/", status_code=303)
    set_session_cookie(response, request, runtime.settings, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/admin/login")
    return response


@router.post("/admin/logout")
def logout(
    request: Request, auth: StaffForm, session: SessionDep, runtime: RuntimeDep
) -> RedirectResponse:
    sign_in.signed_out(session, auth.actor, session_id=auth.session_id)
    response = RedirectResponse("/admin/login", status_code=303)
    clear_session_cookie(response, request, runtime.settings)
    return response


@router.post("/admin/language")
def choose_language(
    auth: StaffForm,
    session: SessionDep,
    lang: Annotated[str, Form(max_length=8)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    response = RedirectResponse(next if safe_next(next) else "/admin/", status_code=303)
    account = session.get(Staff, auth.staff_id)
    if lang in LANGUAGES and account is not None:
        account.language = lang
        session.add(account)
        session.commit()
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response
