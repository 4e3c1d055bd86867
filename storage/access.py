"""Who may see which case: the one place every API route and page asks."""

from __future__ import annotations

from sqlmodel import Session

from storage.models import Case, Staff
from storage.vocabulary import StaffRole

ALL_TEAMS_ROLES = frozenset({StaffRole.SUPERVISOR, StaffRole.ADMIN})


def visible_teams(staff: Staff) -> tuple[str, ...] | None:
    """The teams whose cases `staff` may see; None means every team.

    Staff in a team see that team's cases and cases not yet routed to any team; staff
    without a team (a small city with one team) and supervisors see everything.
    """
    if staff.role in ALL_TEAMS_ROLES or staff.team is None:
        return None
    return (staff.team,)


def can_access_case(staff: Staff, case: Case) -> bool:
    teams = visible_teams(staff)
    return teams is None or case.team is None or case.team in teams


def may_inform(report: Case, primary: Case) -> bool:
    """Whether ``report`` may belong to ``primary``'s household.

    A household's case shows its linked reports' words, reporters and ids, so everyone who
    may see ``primary`` must be able to see ``report``: the report is in the same team, or
    not routed to any team yet (then everyone sees it; a later routing re-checks the link).
    """
    return report.team is None or report.team == primary.team


def visible_case(session: Session, staff: Staff, case_id: int) -> Case | None:
    """The case if it exists and `staff` may see it, else None.

    Every API route and page that opens a case by id asks this, and answers 404 for None:
    another team's case looks the same as one that does not exist.
    """
    case = session.get(Case, case_id)
    if case is None or not can_access_case(staff, case):
        return None
    return case


# What each role may do beyond seeing a case.
ADMIN_ROLE = StaffRole.ADMIN


def can_reassign(staff: Staff) -> bool:
    """Supervisors (and admins) move cases between teams and take them off a colleague."""
    return staff.role in ALL_TEAMS_ROLES


def can_assign(actor: Staff, case: Case, assignee: Staff | None) -> bool:
    """Whether `actor` may give `case` to `assignee` (None: leave it unassigned).

    The assignee must be active and able to see the case. Staff may pick up an unassigned
    case or pass on their own; changing a colleague's assignment is a supervisor's call.
    """
    if not can_access_case(actor, case):
        return False
    if assignee is not None and (not assignee.active or not can_access_case(assignee, case)):
        return False
    return can_reassign(actor) or case.assignee_id in (None, actor.id)


def can_read_audit(staff: Staff) -> bool:
    """Supervisors and admins read and export the audit trail."""
    return staff.role in ALL_TEAMS_ROLES


def can_manage_templates(staff: Staff) -> bool:
    """Supervisors and admins maintain the saved reply templates."""
    return staff.role in ALL_TEAMS_ROLES


def can_manage_staff(staff: Staff) -> bool:
    """Only admins create, disable and change staff accounts and their API tokens."""
    return staff.role == ADMIN_ROLE


def can_manage_partners(staff: Staff) -> bool:
    """Supervisors and admins keep the partner directory; all staff read it and refer."""
    return staff.role in ALL_TEAMS_ROLES
