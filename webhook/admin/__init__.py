"""The staff pages under /admin: server-rendered, session-authenticated, CSRF-protected.

`install(app)` adds the routes, the static files (CSS and one small script, served by sagak
itself), the security-headers middleware and the error pages.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError

from webhook.admin import (
    routes_audit,
    routes_case,
    routes_case_actions,
    routes_login,
    routes_partners,
    routes_queue,
    routes_referrals,
    routes_staff,
    routes_stats,
    routes_templates,
    routes_volunteers,
)
from webhook.admin.auth import LoginRequired, PageError, login_url
from webhook.admin.headers import SecurityHeaders
from webhook.admin.render import render
from webhook.bounds import is_out_of_range

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
ROUTERS = (
    routes_login.router,
    routes_queue.router,
    routes_case.router,
    routes_case_actions.router,
    routes_stats.router,
    routes_audit.router,
    routes_staff.router,
    routes_templates.router,
    routes_partners.router,
    routes_referrals.router,
    routes_volunteers.router,
)


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


async def _login_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, LoginRequired)
    if _wants_json(request):
        return JSONResponse({"detail": "login required", "login": "/admin/login"}, 401)
    return RedirectResponse(login_url(error.next_path), status_code=303)


async def _page_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PageError)
    if _wants_json(request):
        return JSONResponse({"detail": error.key}, error.status)
    auth = getattr(request.state, "admin_auth", None)
    return render(request, auth, "error.html", status=error.status, message=error.key)


async def _beyond_range(request: Request, error: Exception) -> Response:
    """An id in the path beyond the database's integers (see webhook/bounds.py): no row has
    it. Queries and bodies are bounded where declared, so only path ids end up here."""
    if not (is_out_of_range(error) and request.url.path.startswith(("/api/", "/admin/"))):
        raise error
    if request.url.path.startswith("/admin/"):
        return await _page_error(request, PageError(404, "admin.error.not_found"))
    return JSONResponse({"detail": "Not Found"}, status_code=404)


def install(app: FastAPI) -> None:
    """Add the staff pages to the app."""
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/admin/static", StaticFiles(directory=STATIC_DIR), name="admin-static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(PageError, _page_error)
    app.add_exception_handler(OverflowError, _beyond_range)
    app.add_exception_handler(DataError, _beyond_range)
    app.add_middleware(SecurityHeaders)
