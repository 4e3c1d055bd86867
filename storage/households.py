"""Staff decisions about which reports are one household: confirm, merge, split.

The caller checks that the staff member may see the cases named in the request
(storage.access), records the audit entry and commits; ``merge`` itself checks the rest of
both households and their teams.
"""

from __future__ import annotations

from sqlmodel import Session

from storage import cases, duplicates
from storage.access import can_access_case, can_reassign
from storage.models import Case, Staff
from storage.rows import require_id


class HouseholdError(ValueError):
    """A household change that does not make sense; ``code`` names it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def household(session: Session, *, case: Case) -> list[Case]:
    """The household's primary case first, then every report linked to it."""
    return duplicates.group(session, duplicates.primary_of(session, case))


def merge(session: Session, *, case: Case, into: Case, staff: Staff) -> Case:
    """Staff say ``case`` is about the same household as ``into``; returns the primary.

    The case (with any reports linked to it) folds into ``into``'s household; the
    household is re-assessed with every report and its count of reporters.

    The rule for the API and the pages alike: staff merge only reports they may all see,
    and a household belongs to one team (``storage.household_teams``). The merged household
    takes the team of ``into``'s household case; a report not routed yet joins that team,
    and a report of another team moves to it, which only a supervisor or admin may do (as
    moving a case between teams). Raises HouseholdError ``other_team`` otherwise.
    """
    primary = duplicates.primary_of(session, into)
    if case.id == primary.id:
        raise HouseholdError("same_case", "a case cannot be merged into itself")
    if primary.status == "closed":
        raise HouseholdError("closed", "reopen the household's case before merging into it")
    if case.erased_at is not None or primary.erased_at is not None:
        raise HouseholdError("erased", "an erased case cannot be merged")
    former = duplicates.primary_of(session, case)
    if not can_access_case(staff, former):
        raise HouseholdError("other_team", "this report belongs to another team's household")
    reports = [*duplicates.group(session, primary), *duplicates.group(session, case)]
    team = _merged_team(staff, primary=primary, reports=reports)
    for report in reports:
        _take_into_team(session, case=report, team=team, staff=staff, primary=primary)
    duplicates.link(
        session,
        case=case,
        primary=primary,
        basis="staff",
        state=duplicates.CONFIRMED,
        staff_id=staff.id,
    )
    if former.id not in (case.id, primary.id):
        cases.retriage(session, case=former, settle=True)  # it no longer has these words
    cases.retriage(session, case=primary)
    return primary


def follow_team(session: Session, *, case: Case, staff: Staff) -> None:
    """A supervisor moved ``case`` to another team: the reports staff confirmed as its
    household move with it. Suspected ones stay with their team (and, if that is another
    team now, leave the household: ``storage.cases.settle_households``)."""
    if case.duplicate_of is not None:
        return
    for report in duplicates.group(session, case)[1:]:
        if report.duplicate_state == duplicates.CONFIRMED:
            _take_into_team(session, case=report, team=case.team, staff=staff, primary=case)


def _merged_team(staff: Staff, *, primary: Case, reports: list[Case]) -> str | None:
    """The team the merged household will have, if ``staff`` may merge these reports."""
    if not all(can_access_case(staff, report) for report in reports):
        raise HouseholdError("other_team", "a report of this household is another team's")
    teams = {report.team for report in reports if report.team is not None}
    if len(teams) > 1 and not can_reassign(staff):
        raise HouseholdError("other_team", "only a supervisor merges reports of two teams")
    if primary.team is None and len(teams) > 1:
        raise HouseholdError("other_team", "give the household's case a team first")
    return primary.team if primary.team is not None else next(iter(teams), None)


def _take_into_team(
    session: Session, *, case: Case, team: str | None, staff: Staff, primary: Case
) -> None:
    """Give a merged or confirmed report its household's team; recorded as a team change, so routing
    leaves it there, and an assignee who cannot see the new team lets it go."""
    if team is None or case.team == team or case.id is None:
        return
    data = {"from": case.team, "to": team, "into": primary.id}
    cases.record_event(session, case_id=case.id, kind="team_changed", staff_id=staff.id, data=data)
    case.team = team
    assignee = session.get(Staff, case.assignee_id) if case.assignee_id else None
    if assignee is not None and not can_access_case(assignee, case):
        case.assignee_id = None
        cases.record_event(
            session, case_id=case.id, kind="assigned", staff_id=staff.id, data={"assignee": None}
        )
    session.add(case)


def confirm(session: Session, *, case: Case, staff: Staff) -> Case:
    """Staff agree with an automatic link; the report folds into its household (and, if it
    is not routed yet, into the household's team, as a merge would)."""
    if case.duplicate_of is None:
        raise HouseholdError("not_linked", "this case is not linked to another")
    case_id = require_id(case)
    primary = duplicates.primary_of(session, case)
    if not can_access_case(staff, primary):
        raise HouseholdError("other_team", "the household's case is another team's")
    _take_into_team(session, case=case, team=primary.team, staff=staff, primary=primary)
    case.duplicate_state = duplicates.CONFIRMED
    session.add(case)
    cases.record_event(
        session,
        case_id=case_id,
        kind="duplicate_confirmed",
        staff_id=staff.id,
        data={"primary": case.duplicate_of},
    )
    return primary


def split(session: Session, *, case: Case, staff: Staff) -> Case:
    """Staff say ``case`` is a different household: it stands alone again (and is never
    linked automatically again); both are re-assessed. Returns the former primary."""
    if case.duplicate_of is None:
        raise HouseholdError("not_linked", "this case is not linked to another")
    primary = duplicates.unlink(session, case=case, staff_id=staff.id)
    cases.retriage(session, case=case, settle=True)
    if primary is None:
        return case
    cases.retriage(session, case=primary, settle=True)
    return primary
