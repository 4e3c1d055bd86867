"""The staff API: the queue, one case with its timeline, replies and changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from sqlmodel import Session, col, select

from bot.relay import RelayError, relay_staff_reply
from storage import audit, cases, household_view, visits
from storage.access import visible_teams
from storage.case_actions import CaseActionError, apply_changes
from storage.models import Case, Staff
from triage import Priority
from webhook.attachment_files import serve_attachment
from webhook.bounds import DB_INT_MAX
from webhook.deps import CurrentStaff, RuntimeDep, SessionDep, case_or_404, client_ip
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


@router.get("/cases", response_model=CaseList)
def list_cases(
    session: SessionDep,
    staff: CurrentStaff,
    request: Request,
    status_: Annotated[str | None, Query(alias="status")] = None,
    priority: Priority | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=DB_INT_MAX)] = 0,
) -> CaseList:
    where = cases.QueueFilter(
        teams=visible_teams(staff),
        status=status_,
        priority=priority.value if priority else None,
        limit=limit,
        offset=offset,
    )
    rows = cases.list_queue(session, where=where)
    names = _staff_names(session, {c.assignee_id for c in rows if c.assignee_id})
    seen = household_view.seen_cases(session, staff, rows)
    audit.record(
        session,
        action="queue_viewed",
        staff=staff,
        ip=client_ip(request),
        detail={"count": len(rows)},
    )
    session.commit()
    return CaseList(
        items=[CaseSummary.of(c, names.get(c.assignee_id or 0), seen.get(c.id or 0)) for c in rows]
    )


@router.get("/cases/{case_id}", response_model=CaseDetail)
def get_case(
    case_id: int, session: SessionDep, staff: CurrentStaff, request: Request
) -> CaseDetail:
    case = case_or_404(session, staff, case_id)
    detail = _detail(session, staff, case)
    audit.record(session, action="case_viewed", staff=staff, case_id=case_id, ip=client_ip(request))
    session.commit()
    return detail


@router.get("/cases/{case_id}/attachments/{attachment_id}", response_class=Response)
async def get_attachment(
    case_id: int, attachment_id: int, staff: CurrentStaff, request: Request, runtime: RuntimeDep
) -> Response:
    """An attachment's bytes with their checked Content-Type; 404 for a case the staff
    member may not see, for a file not kept (refused or erased) and for an unknown id."""
    return await serve_attachment(
        runtime,
        staff=staff,
        ip=client_ip(request),
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
    assert case.id is not None
    events = cases.events(session, case_id=case.id)
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
        messages=[MessageOut.of(m) for m in cases.timeline(session, case_id=case.id)],
        attachments=[AttachmentOut.of(a) for a in cases.attachments(session, case_id=case.id)],
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
            for request, volunteer in visits.of_case(session, case_id=case.id)
        ],
    )


@router.post(
    "/cases/{case_id}/reply", status_code=status.HTTP_202_ACCEPTED, response_model=ReplyAccepted
)
def reply(
    case_id: int,
    body: ReplyIn,
    session: SessionDep,
    staff: CurrentStaff,
    runtime: RuntimeDep,
    request: Request,
) -> ReplyAccepted:
    case = case_or_404(session, staff, case_id)
    assert staff.id is not None
    try:
        message = relay_staff_reply(session, case=case, staff_id=staff.id, text=body.text)
    except RelayError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from error
    if case.status == "new":
        case.status = "in_progress"
        session.add(case)
    audit.record(session, action="reply_sent", staff=staff, case_id=case_id, ip=client_ip(request))
    session.commit()
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
    case_id: int, body: CasePatch, session: SessionDep, staff: CurrentStaff, request: Request
) -> CaseDetail:
    """Change status, priority, assignee or outcome, by the same rules as the case page
    (storage.case_actions); `reason` is optional here and kept in the history."""
    case = case_or_404(session, staff, case_id)
    assert case.id is not None
    changes = body.model_dump(mode="json", exclude_unset=True)
    reason = (changes.pop("reason", None) or "").strip() or None
    try:
        apply_changes(session, case=case, actor=staff, changes=changes, reason=reason)
    except CaseActionError as error:
        session.rollback()
        code = (
            status.HTTP_403_FORBIDDEN
            if error.code == "forbidden"
            else status.HTTP_422_UNPROCESSABLE_CONTENT
        )
        raise HTTPException(code, detail={"code": error.code, "message": str(error)}) from error
    audit.record(
        session,
        action="case_updated",
        staff=staff,
        case_id=case.id,
        ip=client_ip(request),
        detail={**changes, **({"reason": reason} if reason else {})},
    )
    session.commit()
    return _detail(session, staff, case)
