"""Staff actions on volunteers and visit requests: invite, list, disable or re-enable,
ask one to look in on a case's household, withdraw the request."""

from __future__ import annotations

from sqlmodel import Session

from bot.visits import send_request
from storage import visits, volunteers
from storage.models import Case, VisitRequest, Volunteer, VolunteerInvite
from storage.rows import require_id
from webhook.actions import Actor, all_or_nothing, done


def invite(session: Session, actor: Actor, *, name: str) -> VolunteerInvite:
    """A one-time invite for a named volunteer. Raises storage.volunteers.InviteError."""
    with all_or_nothing(session):
        row = volunteers.create_invite(session, name=name, staff_id=actor.staff_id)
    done(session, actor, "volunteer_invited", detail={"name": row.name, "invite_id": row.id})
    return row


def set_active(session: Session, actor: Actor, volunteer: Volunteer, *, active: bool) -> None:
    """Disable a volunteer (withdrawing their open visit requests) or re-enable one."""
    volunteer_id = require_id(volunteer)
    if volunteers.set_active(session, volunteer=volunteer, active=active) and not active:
        visits.cancel_for_volunteer(session, volunteer_id=volunteer_id, staff_id=actor.staff_id)
    action = "volunteer_enabled" if active else "volunteer_disabled"
    done(session, actor, action, detail={"volunteer_id": volunteer_id})


def request_visit(
    session: Session, actor: Actor, case: Case, *, volunteer: Volunteer, details: str
) -> VisitRequest:
    """Ask `volunteer` to look in on the case's household; the message goes to the outbox.
    Raises storage.visits.VisitError."""
    with all_or_nothing(session):
        row = send_request(
            session, case=case, volunteer=volunteer, details=details, staff_id=actor.staff_id
        )
    _done(session, actor, "visit_requested", row)
    return row


def cancel_visit(session: Session, actor: Actor, row: VisitRequest) -> bool:
    """Withdraw an open visit request; False (nothing changed) once it was answered."""
    if not visits.cancel(session, request=row, staff_id=actor.staff_id):
        return False
    _done(session, actor, "visit_cancelled", row)
    return True


def _done(session: Session, actor: Actor, action: str, row: VisitRequest) -> None:
    detail = {"visit_request_id": row.id, "volunteer_id": row.volunteer_id}
    done(session, actor, action, case_id=row.case_id, detail=detail)
