"""The staff API: the queue, one case with its timeline, replies and changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlmodel import Session, col, select

from bot.relay import RelayError
from storage import cases, household_view, queue_pages, visits
from storage.access import visible_teams
from storage.case_actions import CaseActionError
from storage.models import Case, Staff
from storage.rows import require_id
from triage import Priority
from webhook.actions import cases as case_actions
from webhook.actions import views
from webhook.attachment_files import serve_attachment
from webhook.bounds import DB_INT_MAX
from webhook.deps import RuntimeDep, SessionDep, StaffActor, case_or_404
from webhook.schemas import (
    AttachmentOut,
    CaseDetail,
    CaseList,
    CasePatch,
    CaseSummary,
    Location,
    MessageOut,
    ReplyAccepted,
    ReplyIn,
    VisitOut,
    event_out,
)

router = APIRouter(prefix="/api", tags=["staff"])


def _staff_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Staff.id, Staff.username).where(col(Staff.id).in_(ids)))
    return {staff_id: name for staff_id, name in rows if staff_id is not None}


@router.get(
    "/cases",
    response_model=CaseList,
    responses={422: {"description": "`after` is not a cursor from `next`, or comes with `offset`"}},
)
def list_cases(
    session: SessionDep,
    actor: StaffActor,
    status_: Annotated[str | None, Query(alias="status")] = None,
    priority: Priority | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=DB_INT_MAX)] = 0,
    after: Annotated[str | None, Query(max_length=400)] = None,
) -> CaseList:
    """The queue, most urgent first. Page with `after` (the previous page's `next`): each
    page costs the same however deep. `offset` still works but reads every case before it."""
    staff = actor.staff
    where = cases.QueueFilter(
        teams=visible_teams(staff),
        status=status_,
        priority=priority.value if priority else None,
        limit=limit,
        offset=offset,
    )
    try:
        position = queue_pages.Position.decode(after) if after is not None else None
    except queue_pages.BadCursor as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail={"code": "bad_cursor", "message": str(error)},
        ) from error
    if position is not None and offset:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail={"code": "after_with_offset", "message": "give `after` or `offset`, not both"},
        )
    page = queue_pages.listing(session, where=where, after=position)
    rows = page.cases
    names = _staff_names(session, {c.assignee_id for c in rows if c.assignee_id})
    seen = household_view.seen_cases(session, staff, rows)
    views.view_queue(session, actor, count=len(rows))
    return CaseList(
        items=[CaseSummary.of(c, names.get(c.assignee_id or 0), seen.get(c.id or 0)) for c in rows],
        next=page.next.encode() if page.next else None,
    )


@router.get("/cases/{case_id}", response_model=CaseDetail)
def get_case(case_id: int, session: SessionDep, actor: StaffActor) -> CaseDetail:
    case = case_or_404(session, actor.staff, case_id)
    detail = _detail(session, actor.staff, case)
    views.view_case(session, actor, case)
    return detail


@router.get("/cases/{case_id}/attachments/{attachment_id}", response_class=Response)
async def get_attachment(
    case_id: int, attachment_id: int, actor: StaffActor, runtime: RuntimeDep
) -> Response:
    """An attachment's bytes with their checked Content-Type; 404 for a case the staff
    member may not see, for a file not kept (refused or erased) and for an unknown id."""
    return await serve_attachment(
        runtime,
        actor=actor,
        case_id=case_id,
        attachment_id=attachment_id,
        error=_api_error,
    )


_API_ERRORS = {
    "admin.error.not_found": "no such attachment",
    "admin.error.file_unavailable": "the file cannot be fetched right now",
}


def _api_error(code: int, key: str) -> HTTPException:
    return HTTPException(code, detail=_API_ERRORS.get(key, key))


def _detail(session: Session, staff: Staff, case: Case) -> CaseDetail:
    case_id = require_id(case)
    events = cases.events(session, case_id=case_id)
    seen, event_data = household_view.seen_case(session, staff, case, events)
    ids = {e.staff_id for e in events if e.staff_id} | (
        {case.assignee_id} if case.assignee_id else set()
    )
    names = _staff_names(session, ids)
    has_location = case.latitude is not None or case.address
    return CaseDetail(
        **CaseSummary.of(case, names.get(case.assignee_id or 0), seen).model_dump(),
        outcome=case.outcome,
        location=Location(latitude=case.latitude, longitude=case.longitude, address=case.address)
        if has_location
        else None,
        messages=[MessageOut.of(m) for m in cases.timeline(session, case_id=case_id)],
        attachments=[AttachmentOut.of(a) for a in cases.attachments(session, case_id=case_id)],
        events=[event_out(e, names, data) for e, data in zip(events, event_data, strict=True)],
        visit_requests=[
            VisitOut(
                id=request.id or 0,
                volunteer_id=request.volunteer_id,
                volunteer=volunteer.name,
                status=request.status,
                result=request.result,
                details=request.details,
                created_at=request.created_at,
                reported_at=request.reported_at,
                unanswered=request.flagged_at is not None,
            )
            for request, volunteer in visits.of_case(session, case_id=case_id)
        ],
    )


@router.post(
    "/cases/{case_id}/reply", status_code=status.HTTP_202_ACCEPTED, response_model=ReplyAccepted
)
def reply(
    case_id: int,
    body: ReplyIn,
    session: SessionDep,
    actor: StaffActor,
    runtime: RuntimeDep,
) -> ReplyAccepted:
    case = case_or_404(session, actor.staff, case_id)
    try:
        message = case_actions.reply(session, actor, case, body.text)
    except RelayError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from error
    runtime.outbox_written()
    return ReplyAccepted(message=MessageOut.of(message))


@router.patch(
    "/cases/{case_id}",
    response_model=CaseDetail,
    responses={
        403: {"description": "taking a colleague's assigned case (supervisors only)"},
        422: {"description": "unknown values or fields; closing without an outcome"},
    },
)
def update_case(
    case_id: int, body: CasePatch, session: SessionDep, actor: StaffActor
) -> CaseDetail:
    """Change status, priority, assignee or outcome, by the same rules as the case page
    (storage.case_actions); `reason` is optional here and kept in the history."""
    case = case_or_404(session, actor.staff, case_id)
    changes = body.model_dump(mode="json", exclude_unset=True)
    reason = changes.pop("reason", None)
    try:
        case_actions.change(session, actor, case, changes, reason=reason)
    except CaseActionError as error:
        code = (
            status.HTTP_403_FORBIDDEN
            if error.code == "forbidden"
            else status.HTTP_422_UNPROCESSABLE_CONTENT
        )
        raise HTTPException(code, detail={"code": error.code, "message": str(error)}) from error
    return _detail(session, actor.staff, case)
