"""The partner directory: all staff read it; supervisors and admins keep it, also from CSV.

Forms carry the session's CSRF token (StaffForm) and every change is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from storage import partners
from storage.access import can_manage_partners
from storage.models import Partner
from storage.partner_import import decode_csv
from storage.partners import SERVICES, PartnerError, PartnerFields, split_list
from webhook.actions import directory as lists
from webhook.admin.auth import PageAuth, PageError, StaffForm, StaffPage, require
from webhook.admin.partner_view import BLANK, error_text, fields_of, service_names
from webhook.admin.render import Translator, render
from webhook.deps import SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)
Text = Annotated[str, Form(max_length=5000)]
Short = Annotated[str, Form(max_length=300)]
MAX_UPLOAD = 1024 * 1024  # a directory of thousands of partners is far smaller
NOTICES = frozenset(
    {
        "partners.notice.created",
        "partners.notice.saved",
        "partners.notice.deactivated",
        "partners.notice.reactivated",
    }
)
ERRORS = frozenset({"partners.import.no_file"})


def partner_form(
    name: Short = "",
    services: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    districts: Annotated[list[str], Form()] = [],  # noqa: B006
    districts_text: Text = "",
    contact: Short = "",
    hours: Short = "",
    notes: Text = "",
    public: Short = "",
) -> PartnerFields:
    """The create and edit forms' fields (districts as checkboxes, or typed when the
    deployment has no districts configured)."""
    return PartnerFields(
        name=name,
        services=services,
        districts=[*districts, *split_list(districts_text)],
        contact=contact,
        hours=hours,
        notes=notes,
        public=public == "1",
    )


PartnerForm = Annotated[PartnerFields, Depends(partner_form)]


def _manager(auth: PageAuth) -> None:
    require(can_manage_partners(auth.staff))


def _directory(
    request: Request,
    auth: PageAuth,
    session: Session,
    *,
    service: str = "",
    form: PartnerFields = BLANK,
    error: str = "",
    notice: str = "",
) -> HTMLResponse:
    chosen = service if service in SERVICES else None
    manage = can_manage_partners(auth.staff)
    return render(
        request,
        auth,
        "partners.html",
        nav="partners",
        partners=partners.list_partners(session, service=chosen),
        inactive=partners.list_partners(session, service=chosen, active=False) if manage else [],
        services=SERVICES,
        service=chosen or "",
        manage=manage,
        form=form,
        districts=partners.district_names(session),
        error=error,
        notice=notice if notice in NOTICES else "",
    )


@router.get("/partners", response_class=HTMLResponse)
def directory(
    request: Request,
    auth: StaffPage,
    session: SessionDep,
    service: str = "",
    notice: str = "",
    error: str = "",
) -> HTMLResponse:
    shown = Translator(auth.language)(error) if error in ERRORS else ""
    return _directory(request, auth, session, service=service, error=shown, notice=notice)


@router.post("/partners", response_model=None)
def create_partner(
    request: Request, auth: StaffForm, session: SessionDep, form: PartnerForm
) -> HTMLResponse | RedirectResponse:
    _manager(auth)
    try:
        lists.create_partner(session, auth.actor, form)
    except PartnerError as error:
        # Shown again with what was typed, so nothing has to be entered twice.
        return _directory(request, auth, session, form=form, error=error_text(auth, error))
    return RedirectResponse("/admin/partners?notice=partners.notice.created", status_code=303)


@router.post("/partners/import", response_class=HTMLResponse, response_model=None)
def import_partners(
    request: Request,
    auth: StaffForm,
    session: SessionDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse | RedirectResponse:
    _manager(auth)
    if file is None or not file.filename:
        return RedirectResponse("/admin/partners?error=partners.import.no_file", status_code=303)
    data = file.file.read(MAX_UPLOAD + 1)  # sync route: the thread pool, off the loop
    _ = Translator(auth.language)
    context: dict[str, Any] = {"filename": file.filename, "result": None, "problem": ""}
    if len(data) > MAX_UPLOAD:
        context["problem"] = _("partners.import.too_large", max=MAX_UPLOAD // 1024)
    else:
        try:
            text = decode_csv(data)
        except UnicodeDecodeError:
            context["problem"] = _("partners.import.not_text")
        else:
            result = lists.import_partners(session, auth.actor, text, service_names=service_names())
            context["result"] = result
            context["lines"] = [(e.line, _(e.key, **e.values)) for e in result.errors]
    return render(request, auth, "partner_import.html", nav="partners", **context)


def _partner(session: Session, partner_id: int) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise PageError(404, "admin.error.not_found")
    return partner


def _edit_page(
    request: Request, auth: PageAuth, session: Session, partner: Partner, **extra: Any
) -> HTMLResponse:
    return render(
        request,
        auth,
        "partner_edit.html",
        nav="partners",
        partner=partner,
        services=SERVICES,
        districts=partners.district_names(session),
        **{"form": fields_of(partner), "error": "", **extra},
    )


@router.get("/partners/{partner_id}", response_class=HTMLResponse)
def edit_page(
    partner_id: int, request: Request, auth: StaffPage, session: SessionDep
) -> HTMLResponse:
    _manager(auth)
    return _edit_page(request, auth, session, _partner(session, partner_id))


@router.post("/partners/{partner_id}", response_model=None)
def update_partner(
    partner_id: int, request: Request, auth: StaffForm, session: SessionDep, form: PartnerForm
) -> HTMLResponse | RedirectResponse:
    _manager(auth)
    _partner(session, partner_id)
    try:
        lists.update_partner(session, auth.actor, partner_id=partner_id, fields=form)
    except PartnerError as error:
        return _edit_page(
            request,
            auth,
            session,
            _partner(session, partner_id),
            form=form,
            error=error_text(auth, error),
        )
    return RedirectResponse("/admin/partners?notice=partners.notice.saved", status_code=303)


@router.post("/partners/{partner_id}/active")
def set_active(
    partner_id: int, auth: StaffForm, session: SessionDep, active: Short = ""
) -> RedirectResponse:
    _manager(auth)
    partner = _partner(session, partner_id)
    lists.set_partner_active(session, auth.actor, partner, active=active == "1")
    notice = "reactivated" if partner.active else "deactivated"
    return RedirectResponse(f"/admin/partners?notice=partners.notice.{notice}", status_code=303)
