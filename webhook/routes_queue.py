"""Staff API for households: which reports are about the same people.

- ``GET /api/cases/{id}/household``: the household's case and every report linked to it
- ``POST /api/cases/{id}/merge {"into": other_id}``: staff link two reports (confirmed)
- ``POST /api/cases/{id}/confirm-duplicate``: staff agree with an automatic link
- ``POST /api/cases/{id}/split``: staff say it is a different household

Every case involved must be visible to the staff member (404 otherwise, as elsewhere), and
every view and change goes to the audit trail.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field
from sqlmodel import Session

from storage import duplicates, household_view, households
from storage.access import can_access_case
from storage.households import HouseholdError
from storage.models import Case, Staff
from webhook.actions import households as household_actions
from webhook.actions import views
from webhook.bounds import ROW_ID_MAX
from webhook.deps import SessionDep, StaffActor, case_or_404
from webhook.schemas import CaseSummary

router = APIRouter(prefix="/api", tags=["households"])


class MergeIn(BaseModel):
    model_config = {"extra": "forbid"}

    into: int = Field(ge=1, le=ROW_ID_MAX)


class Household(BaseModel):
    """The case staff work on, and the reports folded or suspected to belong to it."""

    primary: CaseSummary | None  # None when another team's case
    linked: list[CaseSummary]
    reporters_count: int


def _household(session: Session, staff: Staff, case: Case) -> Household:
    primary, *linked = households.household(session, case=case)
    # Reports routed to a team this staff member does not serve stay out of view, and so
    # do their words and reporters on the household's case (storage.household_view).
    shown = [c for c in [primary, *linked] if can_access_case(staff, c)]
    seen = household_view.seen_cases(session, staff, shown)
    return Household(
        primary=CaseSummary.of(primary, None, seen[primary.id or 0]) if primary in shown else None,
        linked=[CaseSummary.of(m, None, seen[m.id or 0]) for m in linked if m in shown],
        reporters_count=duplicates.count_reporters(shown),
    )


def _fail(error: HouseholdError) -> HTTPException:
    # Merging reports of two teams is refused by role (403); other refusals are 422.
    code = (
        status.HTTP_403_FORBIDDEN
        if error.code == "other_team"
        else status.HTTP_422_UNPROCESSABLE_CONTENT
    )
    return HTTPException(code, detail={"code": error.code, "message": str(error)})


@router.get("/cases/{case_id}/household", response_model=Household)
def get_household(case_id: int, session: SessionDep, actor: StaffActor) -> Household:
    case = case_or_404(session, actor.staff, case_id)
    result = _household(session, actor.staff, case)
    views.view_household(session, actor, case)
    return result


@router.post("/cases/{case_id}/merge", response_model=Household)
def merge_case(case_id: int, body: MergeIn, session: SessionDep, actor: StaffActor) -> Household:
    case = case_or_404(session, actor.staff, case_id)
    into = case_or_404(session, actor.staff, body.into)
    try:
        primary = household_actions.merge(session, actor, case, into=into)
    except HouseholdError as error:
        raise _fail(error) from error
    return _household(session, actor.staff, primary)


@router.post("/cases/{case_id}/confirm-duplicate", response_model=Household)
def confirm_duplicate(case_id: int, session: SessionDep, actor: StaffActor) -> Household:
    case = case_or_404(session, actor.staff, case_id)
    try:
        primary = household_actions.confirm_duplicate(session, actor, case)
    except HouseholdError as error:
        raise _fail(error) from error
    return _household(session, actor.staff, primary)


@router.post("/cases/{case_id}/split", response_model=Household)
def split_case(case_id: int, session: SessionDep, actor: StaffActor) -> Household:
    case = case_or_404(session, actor.staff, case_id)
    try:
        household_actions.split(session, actor, case)
    except HouseholdError as error:
        raise _fail(error) from error
    return _household(session, actor.staff, case)
