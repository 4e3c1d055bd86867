"""Visit requests: staff ask a volunteer to look in on a household, the volunteer reports back.

A request moves pending -> accepted | declined, accepted -> reported; staff may cancel an
open one. The volunteer only ever learns the request's ``details``; what they report
lands on the case timeline and in its history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from storage.cases import record_event
from storage.models import Case, VisitRequest, Volunteer
from storage.types import utcnow

OPEN = ("pending", "accepted")
RESULTS = ("fine", "needs_help", "no_answer")
MAX_DETAILS = 1000
REMIND_AFTER = timedelta(hours=24)  # no report back a day after the request: remind once
FLAG_AFTER = timedelta(hours=24)  # still nothing a day after the reminder: tell staff


class VisitError(ValueError):
    """The request cannot be made (inactive volunteer, empty details, closed case)."""


def create(
    session: Session, *, case: Case, volunteer: Volunteer, details: str, staff_id: int | None
) -> VisitRequest:
    """Record a new request; the caller sends it to the volunteer in the same transaction."""
    details = details.strip()
    if not details:
        raise VisitError("say what the volunteer should know")
    if len(details) > MAX_DETAILS:
        raise VisitError(f"details are longer than {MAX_DETAILS} characters")
    if not volunteer.active:
        raise VisitError("this volunteer is disabled")
    if case.status == "closed" or case.id is None or volunteer.id is None:
        raise VisitError("the case is closed")
    request = VisitRequest(
        case_id=case.id, volunteer_id=volunteer.id, requested_by=staff_id, details=details
    )
    session.add(request)
    session.flush()
    record_event(
        session,
        case_id=case.id,
        kind="visit_requested",
        staff_id=staff_id,
        data={"visit_request_id": request.id, "volunteer": volunteer.name},
    )
    return request


def owned(session: Session, *, request_id: int, reporter_id: int) -> VisitRequest | None:
    """The request if it was made to the volunteer who is this reporter; None otherwise."""
    row = session.exec(
        select(VisitRequest)
        .join(Volunteer, col(Volunteer.id) == col(VisitRequest.volunteer_id))
        .where(
            col(VisitRequest.id) == request_id,
            col(Volunteer.reporter_id) == reporter_id,
            col(Volunteer.active).is_(True),
        )
    ).first()
    return row


def open_for(session: Session, *, reporter_id: int) -> list[VisitRequest]:
    """The volunteer's requests still waiting for an answer or a report, oldest first."""
    return list(
        session.exec(
            select(VisitRequest)
            .join(Volunteer, col(Volunteer.id) == col(VisitRequest.volunteer_id))
            .where(col(Volunteer.reporter_id) == reporter_id, col(VisitRequest.status).in_(OPEN))
            .order_by(col(VisitRequest.id))
        ).all()
    )


def of_case(session: Session, *, case_id: int) -> list[tuple[VisitRequest, Volunteer]]:
    """Every request about a case with its volunteer, newest first (for the case page)."""
    rows = session.exec(
        select(VisitRequest, Volunteer)
        .join(Volunteer, col(Volunteer.id) == col(VisitRequest.volunteer_id))
        .where(col(VisitRequest.case_id) == case_id)
        .order_by(col(VisitRequest.id).desc())
    ).all()
    return [(request, volunteer) for request, volunteer in rows]


def answer(session: Session, *, request: VisitRequest, accept: bool) -> bool:
    """The volunteer accepts or declines; False if the request is no longer pending."""
    if request.status != "pending":
        return False
    request.status = "accepted" if accept else "declined"
    request.answered_at = utcnow()
    session.add(request)
    record_event(
        session,
        case_id=request.case_id,
        kind="visit_accepted" if accept else "visit_declined",
        data={"visit_request_id": request.id},
    )
    return True


def report(session: Session, *, request: VisitRequest, result: str) -> bool:
    """The volunteer reports what they found; False if there is nothing open to report on.

    The finding joins the case's facts, so triage weighs it with everything else.
    """
    if result not in RESULTS or request.status not in OPEN:
        return False
    now = utcnow()
    request.status, request.result, request.reported_at = "reported", result, now
    request.answered_at = request.answered_at or now
    session.add(request)
    case = session.get(Case, request.case_id)
    if case is not None:
        case.facts = {**(case.facts or {}), "visit_result": result}
        session.add(case)
    record_event(
        session,
        case_id=request.case_id,
        kind="visit_reported",
        data={"visit_request_id": request.id, "result": result},
    )
    return True


def cancel(session: Session, *, request: VisitRequest, staff_id: int | None) -> bool:
    """Staff withdraw an open request; False if it was already answered or reported."""
    if request.status not in OPEN:
        return False
    request.status = "cancelled"
    session.add(request)
    record_event(
        session,
        case_id=request.case_id,
        kind="visit_cancelled",
        staff_id=staff_id,
        data={"visit_request_id": request.id},
    )
    return True


def due_reminder(session: Session, *, now: datetime, limit: int = 50) -> list[VisitRequest]:
    """Open requests made REMIND_AFTER ago that have not been reminded yet."""
    return list(
        session.exec(
            select(VisitRequest)
            .where(
                col(VisitRequest.status).in_(OPEN),
                col(VisitRequest.reminded_at).is_(None),
                col(VisitRequest.created_at) <= now - REMIND_AFTER,
            )
            .order_by(col(VisitRequest.id))
            .limit(limit)
        ).all()
    )


def due_flag(session: Session, *, now: datetime, limit: int = 50) -> list[VisitRequest]:
    """Open requests reminded FLAG_AFTER ago and still unanswered, not yet flagged."""
    return list(
        session.exec(
            select(VisitRequest)
            .where(
                col(VisitRequest.status).in_(OPEN),
                col(VisitRequest.flagged_at).is_(None),
                col(VisitRequest.reminded_at) <= now - FLAG_AFTER,
            )
            .order_by(col(VisitRequest.id))
            .limit(limit)
        ).all()
    )


def cancel_for_volunteer(session: Session, *, volunteer_id: int, staff_id: int | None) -> int:
    """A disabled volunteer's open requests are withdrawn; returns how many."""
    rows = session.exec(
        select(VisitRequest).where(
            col(VisitRequest.volunteer_id) == volunteer_id, col(VisitRequest.status).in_(OPEN)
        )
    ).all()
    for request in rows:
        cancel(session, request=request, staff_id=staff_id)
    return len(rows)
