"""The staff API: the queue, one case with its timeline, replies and changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from sqlmodel import Session, col, select

from bot.relay import RelayError, relay_staff_reply
from storage import audit, cases
from storage.access import can_access_case, visible_teams
from storage.models import Case, Staff
from storage.types import utcnow
from triage import Priority
from webhook.deps import CurrentStaff, RuntimeDep, SessionDep, client_ip
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
    event_out,
)

router = APIRouter(prefix="/api", tags=["staff"])


def _case_for(session: Session, staff: Staff, case_id: int) -> Case:
    """The case if it exists and `staff` may see it; 404 otherwise (existence is not leaked)."""
    case = session.get(Case, case_id)
    if case is None or not can_access_case(staff, case):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such case")
    return case


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
    offset: Annotated[int, Query(ge=0)] = 0,
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
    audit.record(
        session,
        action="queue_viewed",
        staff=staff,
        ip=client_ip(request),
        detail={"count": len(rows)},
    )
    session.commit()
    return CaseList(items=[CaseSummary.of(c, names.get(c.assignee_id or 0)) for c in rows])


@router.get("/cases/{case_id}", response_model=CaseDetail)
def get_case(
    case_id: int, session: SessionDep, staff: CurrentStaff, request: Request
) -> CaseDetail:
    case = _case_for(session, staff, case_id)
    detail = _detail(session, case)
    audit.record(session, action="case_viewed", staff=staff, case_id=case_id, ip=client_ip(request))
    session.commit()
    return detail


def _detail(session: Session, case: Case) -> CaseDetail:
    assert case.id is not None
    events = cases.events(session, case_id=case.id)
    ids = {e.staff_id for e in events if e.staff_id} | (
        {case.assignee_id} if case.assignee_id else set()
    )
    names = _staff_names(session, ids)
    has_location = case.latitude is not None or case.address
    return CaseDetail(
        **CaseSummary.of(case, names.get(case.assignee_id or 0)).model_dump(),
        outcome=case.outcome,
        location=Location(latitude=case.latitude, longitude=case.longitude, address=case.address)
        if has_location
        else None,
        messages=[MessageOut.of(m) for m in cases.timeline(session, case_id=case.id)],
        attachments=[AttachmentOut.of(a) for a in cases.attachments(session, case_id=case.id)],
        events=[event_out(e, names) for e in events],
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
    case = _case_for(session, staff, case_id)
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


@router.patch("/cases/{case_id}", response_model=CaseDetail)
def update_case(
    case_id: int, body: CasePatch, session: SessionDep, staff: CurrentStaff, request: Request
) -> CaseDetail:
    case = _case_for(session, staff, case_id)
    assert case.id is not None
    changes = body.model_dump(exclude_unset=True)
    reason = changes.pop("reason", None)
    if not changes:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="nothing to change")
    now = utcnow()
    if "assignee" in changes:
        username = changes["assignee"]
        assignee = None
        if username is not None:
            assignee = session.exec(select(Staff).where(col(Staff.username) == username)).first()
            if assignee is None or not assignee.active:
                raise HTTPException(
                    status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"no active staff {username!r}"
                )
            if not can_access_case(assignee, case):
                raise HTTPException(
                    status.HTTP_422_UNPROCESSABLE_CONTENT,
                    detail=f"{username!r} cannot see this case's team",
                )
        case.assignee_id = assignee.id if assignee else None
        cases.record_event(
            session,
            case_id=case.id,
            kind="assigned",
            staff_id=staff.id,
            data={"assignee": username},
        )
    if "priority" in changes and changes["priority"] is not None:
        before = case.priority
        cases.set_priority(session, case=case, priority=Priority(changes["priority"]))
        cases.record_event(
            session,
            case_id=case.id,
            kind="priority_changed",
            staff_id=staff.id,
            data={"from": before, "to": case.priority, "reason": reason},
        )
    if "outcome" in changes:
        case.outcome = changes["outcome"]
        cases.record_event(
            session,
            case_id=case.id,
            kind="outcome_set",
            staff_id=staff.id,
            data={"outcome": case.outcome},
        )
    if "status" in changes and changes["status"] is not None and changes["status"] != case.status:
        before = case.status
        case.status = changes["status"]
        case.closed_at = now if case.status == "closed" else None
        cases.record_event(
            session,
            case_id=case.id,
            kind="status_changed",
            staff_id=staff.id,
            data={"from": before, "to": case.status, "reason": reason},
        )
    case.updated_at = now
    session.add(case)
    audit.record(
        session,
        action="case_updated",
        staff=staff,
        case_id=case.id,
        ip=client_ip(request),
        detail={k: v for k, v in changes.items()},
    )
    session.commit()
    return _detail(session, case)
