"""Staff decisions about which reports are one household: confirm, merge, split.

The caller checks that the staff member may see every case involved (storage.access),
records the audit entry and commits.
"""

from __future__ import annotations

from sqlmodel import Session

from storage import cases, duplicates
from storage.models import Case, Staff


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
    """
    primary = duplicates.primary_of(session, into)
    if case.id == primary.id:
        raise HouseholdError("same_case", "a case cannot be merged into itself")
    if primary.status == "closed":
        raise HouseholdError("closed", "reopen the household's case before merging into it")
    if case.erased_at is not None or primary.erased_at is not None:
        raise HouseholdError("erased", "an erased case cannot be merged")
    duplicates.link(
        session,
        case=case,
        primary=primary,
        basis="staff",
        state=duplicates.CONFIRMED,
        staff_id=staff.id,
    )
    cases.retriage(session, case=primary)
    return primary


def confirm(session: Session, *, case: Case, staff: Staff) -> Case:
    """Staff agree with an automatic link; the report folds into its household."""
    if case.duplicate_of is None:
        raise HouseholdError("not_linked", "this case is not linked to another")
    assert case.id is not None
    case.duplicate_state = duplicates.CONFIRMED
    session.add(case)
    cases.record_event(
        session,
        case_id=case.id,
        kind="duplicate_confirmed",
        staff_id=staff.id,
        data={"primary": case.duplicate_of},
    )
    return duplicates.primary_of(session, case)


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
