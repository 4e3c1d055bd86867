"""Saved reply templates, kept by supervisors and offered on every case page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from bot.catalog import LANGUAGES
from storage import reply_templates
from webhook.actions import directory
from webhook.admin.auth import PageError, StaffForm, StaffPage, require_template_manager
from webhook.admin.render import render
from webhook.deps import SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("/templates", response_class=HTMLResponse)
def templates_page(
    request: Request, auth: StaffPage, session: SessionDep, error: str = ""
) -> HTMLResponse:
    require_template_manager(auth)
    return render(
        request,
        auth,
        "templates.html",
        nav="templates",
        templates=reply_templates.list_templates(session),
        error="admin.error.invalid" if error else "",
    )


@router.post("/templates")
def create_template(
    auth: StaffForm,
    session: SessionDep,
    title: Annotated[str, Form(max_length=200)] = "",
    body: Annotated[str, Form(max_length=5000)] = "",
    language: Annotated[str, Form(max_length=8)] = "",
) -> RedirectResponse:
    require_template_manager(auth)
    try:
        directory.create_template(
            session,
            auth.actor,
            title=title,
            body=body,
            language=language if language in LANGUAGES else None,
        )
    except reply_templates.TemplateError:
        return RedirectResponse("/admin/templates?error=1", status_code=303)
    return RedirectResponse("/admin/templates", status_code=303)


@router.post("/templates/{template_id}/retire")
def retire_template(template_id: int, auth: StaffForm, session: SessionDep) -> RedirectResponse:
    require_template_manager(auth)
    if not directory.retire_template(session, auth.actor, template_id=template_id):
        raise PageError(404, "admin.error.not_found")
    return RedirectResponse("/admin/templates", status_code=303)
