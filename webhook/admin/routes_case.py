"""The case page and its attachments (photos fetched from Telegram on demand)."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from storage.access import visible_case
from storage.models import Attachment, Case
from webhook.actions import views
from webhook.admin.auth import PageAuth, PageError, StaffPage
from webhook.admin.case_view import INLINE_MEDIA, case_page_context
from webhook.admin.render import render
from webhook.deps import RuntimeDep, SessionDep

log = logging.getLogger(__name__)
router = APIRouter(prefix="/admin", include_in_schema=False)

# Media a browser may play inline; anything else (documents) is only offered as a download,
# so a reporter's file can never be rendered as a page of ours.
PLAYABLE = {"voice": ("audio/ogg", "audio/mpeg"), "video": ("video/mp4",)}
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
    notice: str = "",
    error: str = "",
) -> HTMLResponse:
    case = case_for(session, auth, case_id)
    context = case_page_context(session, auth, case)
    views.view_case(session, auth.actor, case)
    return render(
        request,
        auth,
        "case.html",
        nav="queue",
        notice=notice if notice in NOTICES else "",
        error=error if error in ERRORS else "",
        **context,
    )


@router.get("/cases/{case_id}/attachments/{attachment_id}")
async def attachment(
    case_id: int, attachment_id: int, auth: StaffPage, runtime: RuntimeDep
) -> Response:
    """The file's bytes, fetched through the Bot API now and never stored or cached."""

    def allowed() -> Attachment:
        with Session(runtime.engine, expire_on_commit=False) as session:
            case_for(session, auth, case_id)
            found = session.get(Attachment, attachment_id)
            if found is None or found.case_id != case_id:
                raise PageError(404, "admin.error.not_found")
            views.view_attachment(session, auth.actor, found)
            return found

    found = await asyncio.to_thread(allowed)
    if runtime.application is None:
        raise PageError(503, "admin.error.file_unavailable")
    try:
        remote = await runtime.application.bot.get_file(found.telegram_file_id)
        content = bytes(await remote.download_as_bytearray())
    except Exception as error:  # Telegram unreachable, file too old or too large
        log.warning("attachment %s could not be fetched: %s", attachment_id, type(error).__name__)
        raise PageError(502, "admin.error.file_unavailable") from error
    headers = {"Cache-Control": "private, no-store"}
    media_type = INLINE_MEDIA.get(found.kind)
    if media_type is None and found.mime_type in PLAYABLE.get(found.kind, ()):
        media_type = found.mime_type
    if media_type is None:
        media_type = "application/octet-stream"
        headers["Content-Disposition"] = f'attachment; filename="sagak-{attachment_id}"'
    return Response(content, media_type=media_type, headers=headers)
