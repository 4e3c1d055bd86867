"""Who may see which case: the one place every API route and page asks."""

from __future__ import annotations

from storage.models import Case, Staff

ALL_TEAMS_ROLES = frozenset({"supervisor", "admin"})


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
