"""A household belongs to one team: links that would show a report to staff who may not
see it are never made, and are undone when a report's team changes.

A household's case shows what its linked reports said, how many people reported and which
reports they are. ``storage.access.may_inform`` says when a report may be linked: it is in
the case's team, or not routed yet. Routing (an address or location arriving), a
supervisor's team move and a merge can change a team afterwards; ``separate_other_teams``
runs after each of them.
"""

from __future__ import annotations

from sqlmodel import Session

from storage import duplicates
from storage.access import may_inform
from storage.models import Case

OTHER_TEAM = "other_team"  # the basis recorded on links undone for this reason


def separate_other_teams(
    session: Session, *, case: Case, staff_id: int | None = None
) -> list[Case]:
    """Take out of ``case``'s household every report that may no longer belong to it.

    Returns the cases whose assessment is now out of date (the household's case and each
    report taken out), for ``storage.cases`` to re-assess; empty when nothing changed.
    """
    primary = duplicates.primary_of(session, case)
    leaving = [m for m in duplicates.group(session, primary)[1:] if not may_inform(m, primary)]
    for report in leaving:
        duplicates.unlink(session, case=report, staff_id=staff_id, basis=OTHER_TEAM)
    return [primary, *leaving] if leaving else []
