"""Saved reply templates, kept by supervisors and offered on every case page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from bot.catalog import LANGUAGES
from storage import audit, reply_templates
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
        template = reply_templates.create_template(
            session,
            title=title,
            body=body,
            language=language if language in LANGUAGES else None,
            staff_id=auth.staff_id,
        )
    except reply_templates.TemplateError:
        session.rollback()
        return RedirectResponse("/admin/templates?error=1", status_code=303)
    audit.record(
        session,
        action="template_created",
        staff=auth.staff,
        ip=auth.ip,
        detail={"template_id": template.id, "title": template.title},
    )
    session.commit()
    return RedirectResponse("/admin/templates", status_code=303)


@router.post("/templates/{template_id}/retire")
def retire_template(template_id: int, auth: StaffForm, session: SessionDep) -> RedirectResponse:
    require_template_manager(auth)
    if not reply_templates.retire_template(session, template_id=template_id):
        raise PageError(404, "admin.error.not_found")
    audit.record(
        session,
        action="template_retired",
        staff=auth.staff,
        ip=auth.ip,
        detail={"template_id": template_id},
    )
    session.commit()
    return RedirectResponse("/admin/templates", status_code=303)
