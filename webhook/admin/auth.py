"""Who is signed in to the staff pages: session cookies, role gates and CSRF checks.

The cookie holds a random session id; the database keeps only its digest (storage.sessions).
Every state-changing form carries the session's synchronizer token, compared in constant
time; the sign-in form, before any session, carries a token signed for its cookie. Which
case a staff member may see is decided in storage.access, never here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import Response

from storage import sessions
from storage.access import can_manage_staff, can_manage_templates, can_read_audit
from storage.models import Staff
from storage.policy import load_policy
from webhook.admin.language import pick_language
from webhook.deps import RuntimeDep, SessionDep, client_ip
from webhook.settings import Settings

SESSION_COOKIE = "sagak_session"
LOGIN_CSRF_COOKIE = "sagak_login_csrf"
COOKIE_PATH = "/admin"
CSRF_FIELD = "csrf_token"
LOGIN_FORM_SECONDS = 3600  # how long a sign-in form may stay open before it is sent


class LoginRequired(Exception):
    """No valid session: pages redirect to the sign-in page, JSON answers 401."""

    def __init__(self, next_path: str | None = None) -> None:
        super().__init__("login required")
        self.next_path = next_path


class PageError(Exception):
    """A page that cannot be shown: rendered as an error page with a catalog message."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key


@dataclass(frozen=True)
class PageAuth:
    """The signed-in staff member of one request, with their session and page language.

    `staff` is a detached copy: it stays readable after the request's transaction ends or
    rolls back (error pages use it), and must never be added to a session.
    """

    staff: Staff
    session_id: int
    csrf: str
    language: str
    zone: ZoneInfo
    ip: str | None

    @property
    def staff_id(self) -> int:
        assert self.staff.id is not None
        return self.staff.id


def session_policy(settings: Settings) -> sessions.SessionPolicy:
    return sessions.SessionPolicy(idle=settings.sessions.idle, absolute=settings.sessions.absolute)


def secure_cookies(request: Request, settings: Settings) -> bool:
    """Mark cookies Secure when the browser reached us over https (directly or via a proxy
    whose public URL is https), so they never travel in clear text."""
    return request.url.scheme == "https" or (settings.telegram.public_url or "").startswith(
        "https://"
    )


def set_session_cookie(
    response: Response, request: Request, settings: Settings, token: str
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings.sessions.absolute.total_seconds()),
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request, settings),
    )


def clear_session_cookie(response: Response, request: Request, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request, settings),
    )


def login_csrf(request: Request, key: bytes, *, now: float | None = None) -> tuple[str, str]:
    """The sign-in form's token and the cookie it is bound to (there is no session yet).

    The cookie holds a random nonce; the form carries `issued.mac`, an HMAC of the nonce and
    the time with a key only the server holds (storage.server_keys). A token is valid for
    that cookie only and for `LOGIN_FORM_SECONDS`: whoever can plant a cookie in the
    browser still cannot make up a matching token (a plain double-submit pair would do).
    """
    nonce = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not 20 <= len(nonce) <= 100:
        nonce = secrets.token_urlsafe(32)
    issued = int(time.time() if now is None else now)
    return f"{issued}.{_login_mac(key, nonce, issued)}", nonce


def login_csrf_valid(
    request: Request, key: bytes, sent: object, *, now: float | None = None
) -> bool:
    """True when `sent` is a token this server issued, lately, for the browser's cookie."""
    nonce = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not isinstance(sent, str) or not nonce:
        return False
    issued_text, _, mac = sent.partition(".")
    if not issued_text.isdigit() or len(issued_text) > 12:
        return False
    issued = int(issued_text)
    age = (time.time() if now is None else now) - issued
    if not -60 <= age <= LOGIN_FORM_SECONDS:  # a minute's clock skew between instances
        return False
    return tokens_match(mac, _login_mac(key, nonce, issued))


def _login_mac(key: bytes, nonce: str, issued: int) -> str:
    message = f"sagak-login-form|{nonce}|{issued}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def set_login_csrf_cookie(
    response: Response, request: Request, settings: Settings, nonce: str
) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        nonce,
        max_age=LOGIN_FORM_SECONDS,
        path=f"{COOKIE_PATH}/login",
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, settings),
    )


def tokens_match(sent: object, expected: str) -> bool:
    """Constant-time comparison of a submitted token with the expected one."""
    if not isinstance(sent, str) or not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())


def _current(
    request: Request, session: SessionDep, runtime: RuntimeDep, *, touch: bool
) -> PageAuth:
    settings = runtime.settings
    token = request.cookies.get(SESSION_COOKIE, "")
    active = sessions.find_active(session, token=token, policy=session_policy(settings))
    if active is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(path if request.method == "GET" else None)
    if touch:
        sessions.touch(session, row=active.row)
    assert active.row.id is not None
    auth = PageAuth(
        staff=Staff(**active.staff.model_dump()),
        session_id=active.row.id,
        csrf=active.row.csrf_token,
        language=pick_language(request, active.staff.language),
        zone=load_policy(session).zone,
        ip=client_ip(request),
    )
    # End the transaction now: on SQLite it holds the write lock, and async routes do their
    # database work in other threads with sessions of their own.
    session.commit()
    request.state.admin_auth = auth  # lets error pages keep the header and language
    return auth


def staff_page(request: Request, session: SessionDep, runtime: RuntimeDep) -> PageAuth:
    """A signed-in staff member; the request counts as activity for the idle timeout."""
    return _current(request, session, runtime, touch=True)


def staff_poll(request: Request, session: SessionDep, runtime: RuntimeDep) -> PageAuth:
    """A signed-in staff member for the queue's background refresh, which must not keep an
    unattended browser signed in: it does not restart the idle clock."""
    return _current(request, session, runtime, touch=False)


StaffPage = Annotated[PageAuth, Depends(staff_page)]
StaffPoll = Annotated[PageAuth, Depends(staff_poll)]


async def checked_form(request: Request, auth: StaffPage) -> PageAuth:
    """A signed-in staff member whose form carries this session's CSRF token (403 if not)."""
    form = await request.form()
    if not tokens_match(form.get(CSRF_FIELD), auth.csrf):
        raise PageError(403, "admin.error.csrf")
    return auth


StaffForm = Annotated[PageAuth, Depends(checked_form)]


def require(allowed: bool) -> None:
    """Stop with 403 unless the role check passed."""
    if not allowed:
        raise PageError(403, "admin.error.forbidden")


def require_supervisor(auth: PageAuth) -> None:
    require(can_read_audit(auth.staff))


def require_template_manager(auth: PageAuth) -> None:
    require(can_manage_templates(auth.staff))


def require_admin(auth: PageAuth) -> None:
    require(can_manage_staff(auth.staff))


def login_url(next_path: str | None) -> str:
    if next_path and safe_next(next_path):
        return f"{COOKIE_PATH}/login?next={quote(next_path, safe='')}"
    return f"{COOKIE_PATH}/login"


def safe_next(path: str | None) -> bool:
    """Only our own pages are valid targets after sign-in (no open redirect)."""
    if not path or not path.startswith("/admin/") or path.startswith("/admin//"):
        return False
    return "\\" not in path and not any(ord(ch) < 32 for ch in path)
