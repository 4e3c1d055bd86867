"""The case page and its attachments."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from storage import audit
from storage.access import visible_case
from storage.models import Case
from webhook.admin.auth import PageAuth, PageError, StaffPage
from webhook.admin.case_view import case_page_context
from webhook.admin.render import render
from webhook.attachment_files import serve_attachment
from webhook.deps import RuntimeDep, SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)

NOTICES = frozenset(
    {
        "admin.notice.reply_sent",
        "admin.notice.saved",
        "admin.notice.note_added",
        "admin.notice.merged",
        "admin.notice.split",
    }
)
ERRORS = frozenset(
    {
        "admin.error.reply_failed",
        "admin.error.reason_required",
        "admin.error.outcome_required",
        "admin.error.invalid",
        "admin.error.forbidden",
        "admin.error.note_invalid",
        "admin.error.merge_unknown",
        "admin.error.merge_refused",
        "admin.error.merge_other_team",
    }
)


def case_for(session: Session, auth: PageAuth, case_id: int) -> Case:
    """The case if it exists and this staff member may see it; 404 otherwise, so that
    another team's case looks the same as one that does not exist."""
    case = visible_case(session, auth.staff, case_id)
    if case is None:
        raise PageError(404, "admin.error.not_found")
    return case


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    case_id: int,
    request: Request,
    auth: StaffPage,
    session: SessionDep,
    runtime: RuntimeDep,
    notice: str = "",
    error: str = "",
) -> HTMLResponse:
    case = case_for(session, auth, case_id)
    context = case_page_context(session, auth, case)
    audit.record(session, action="case_viewed", staff=auth.staff, case_id=case.id, ip=auth.ip)
    session.commit()
    return render(
        request,
        auth,
        "case.html",
        nav="queue",
        notice=notice if notice in NOTICES else "",
        error=error if error in ERRORS else "",
        attachment_max_mb=runtime.limits.max_mb,
        **context,
    )


@router.get("/cases/{case_id}/attachments/{attachment_id}")
async def attachment(
    case_id: int, attachment_id: int, auth: StaffPage, runtime: RuntimeDep
) -> Response:
    """The file's bytes from sagak's store (see webhook/attachment_files.py)."""
    return await serve_attachment(
        runtime,
        staff=auth.staff,
        ip=auth.ip,
        case_id=case_id,
        attachment_id=attachment_id,
        error=PageError,
    )
