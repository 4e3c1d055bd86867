"""Serving a case's attachment to staff, for the pages and the API alike.

Bytes come from sagak's attachment store. An older Telegram attachment (kept only by
Telegram before sagak kept files) is fetched into the store on its first view. Each view
is audited like any other look at personal data, after the per-case access check.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from fastapi.responses import Response
from sqlmodel import Session

from storage import attachments, audit
from storage.access import visible_case
from storage.attachment_store import MissingObject
from storage.models import Attachment, Staff
from webhook.runtime import Runtime

log = logging.getLogger(__name__)

# Types a browser may show inside a page of ours; anything else (PDF, HEIC, QuickTime) is
# only offered as a download, so a reporter's file is never rendered as a document of ours.
INLINE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "audio/ogg",
        "audio/mpeg",
        "audio/mp4",
        "video/mp4",
        "video/webm",
    }
)
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/quicktime": "mov",
}
NOT_FOUND = "admin.error.not_found"
UNAVAILABLE = "admin.error.file_unavailable"


async def serve_attachment(
    runtime: Runtime,
    *,
    staff: Staff,
    ip: str | None,
    case_id: int,
    attachment_id: int,
    error: Callable[[int, str], Exception],
) -> Response:
    """The file's bytes for a staff member who may see the case; ``error(status, key)``
    builds the exception the caller's kind of route answers with."""

    def allowed() -> Attachment:
        with Session(runtime.engine, expire_on_commit=False) as session:
            found = None
            if visible_case(session, staff, case_id) is not None:
                found = session.get(Attachment, attachment_id)
            # Another team's case, or an attachment of another case: the same as none.
            if found is None or found.case_id != case_id:
                raise error(404, NOT_FOUND)
            audit.record(
                session,
                action="attachment_viewed",
                staff=staff,
                case_id=case_id,
                ip=ip,
                detail={"attachment_id": attachment_id, "kind": found.kind},
            )
            session.commit()
            return found

    found: Attachment | None = await asyncio.to_thread(allowed)
    if found is not None and found.status in attachments.FETCHABLE:
        if runtime.file_fetcher is None:
            raise error(503, UNAVAILABLE)
        found = await runtime.file_fetcher.fetch(attachment_id, tell_reporter=False)
    if found is None or found.status in ("refused", "erased"):
        raise error(404, NOT_FOUND)
    if found.status != "stored" or found.storage_key is None or runtime.store is None:
        raise error(502, UNAVAILABLE)
    try:
        content = await asyncio.to_thread(runtime.store.get, found.storage_key)
    except MissingObject as missing:
        log.error("attachment %s: its file is missing from the store", attachment_id)
        raise error(502, UNAVAILABLE) from missing
    return file_response(content, found)


def file_response(content: bytes, found: Attachment) -> Response:
    media_type = found.content_type or "application/octet-stream"
    disposition = "inline" if media_type in INLINE_TYPES else "attachment"
    name = f"sagak-{found.id}.{EXTENSIONS.get(media_type, 'bin')}"
    headers = {
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'{disposition}; filename="{name}"',
    }
    return Response(content, media_type=media_type, headers=headers)
