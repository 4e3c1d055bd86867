"""What staff do on the case page: reply, assign, reprioritise, change status, note, merge.

Every form carries the session's CSRF token (StaffForm), every case is checked through
storage.access (case_for), the action itself (rules and audit entry) is webhook.actions',
and each answer is a redirect back to the case page (so a reload never repeats an action).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse
from sqlmodel import Session, col, select

from bot.relay import RelayError
from storage import notes
from storage.case_actions import CaseActionError
from storage.households import HouseholdError
from storage.models import Case
from storage.rows import require_id
from webhook.actions import cases as case_actions
from webhook.actions import households
from webhook.admin.auth import PageAuth, PageError, StaffForm
from webhook.admin.routes_case import case_for
from webhook.bounds import bounded_id
from webhook.deps import RuntimeDep, SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)
Text = Annotated[str, Form(max_length=5000)]
Short = Annotated[str, Form(max_length=100)]
# storage.case_actions refusals with a message of their own on the case page.
PAGE_ERRORS = {
    "reason_required": "admin.error.reason_required",
    "outcome_required": "admin.error.outcome_required",
}


def back(case_id: int, *, notice: str = "", error: str = "", anchor: str = "") -> RedirectResponse:
    query = f"?notice={notice}" if notice else (f"?error={error}" if error else "")
    return RedirectResponse(
        f"/admin/cases/{case_id}{query}{'#' + anchor if anchor else ''}", status_code=303
    )


def _change(
    session: Session,
    auth: PageAuth,
    case: Case,
    changes: dict[str, Any],
    reason: str | None = None,
) -> RedirectResponse:
    case_id = require_id(case)
    try:
        # The pages always ask why a priority changed (the API leaves it optional).
        case_actions.change(session, auth.actor, case, changes, reason=reason, require_reason=True)
    except CaseActionError as error:
        if error.code == "forbidden":
            raise PageError(403, "admin.error.forbidden") from error
        return back(
            case_id, error=PAGE_ERRORS.get(error.code, "admin.error.invalid"), anchor="actions"
        )
    return back(case_id, notice="admin.notice.saved", anchor="actions")


@router.post("/cases/{case_id}/reply")
def reply(
    case_id: int, auth: StaffForm, session: SessionDep, runtime: RuntimeDep, text: Text = ""
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    try:
        case_actions.reply(session, auth.actor, case, text)
    except RelayError:
        return back(case_id, error="admin.error.reply_failed", anchor="reply")
    runtime.outbox_written()
    return back(case_id, notice="admin.notice.reply_sent", anchor="reply")


@router.post("/cases/{case_id}/assign")
def assign(
    case_id: int, auth: StaffForm, session: SessionDep, assignee: Short = ""
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    return _change(session, auth, case, {"assignee": assignee.strip() or None})


@router.post("/cases/{case_id}/priority")
def change_priority(
    case_id: int, auth: StaffForm, session: SessionDep, priority: Short = "", reason: Text = ""
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    return _change(session, auth, case, {"priority": priority}, reason)


@router.post("/cases/{case_id}/status")
def change_status(
    case_id: int,
    auth: StaffForm,
    session: SessionDep,
    status: Short = "",
    outcome: Short = "",
    reason: Text = "",
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    changes: dict[str, Any] = {"status": status}
    if outcome:
        changes["outcome"] = outcome  # closing without one is refused by apply_changes
    return _change(session, auth, case, changes, reason)


@router.post("/cases/{case_id}/team")
def change_team(
    case_id: int, auth: StaffForm, session: SessionDep, team: Short = "", reason: Text = ""
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    return _change(session, auth, case, {"team": team.strip() or None}, reason)


@router.post("/cases/{case_id}/notes")
def add_note(
    case_id: int, auth: StaffForm, session: SessionDep, text: Text = ""
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    try:
        case_actions.add_note(session, auth.actor, case, text)
    except notes.NoteError:
        return back(case_id, error="admin.error.note_invalid", anchor="notes")
    return back(case_id, notice="admin.notice.note_added", anchor="notes")


@router.post("/cases/{case_id}/merge")
def merge(
    case_id: int, auth: StaffForm, session: SessionDep, reference: Short = ""
) -> RedirectResponse:
    """Staff say this report is about the same household as the case `reference` names."""
    case = case_for(session, auth, case_id)
    wanted = reference.strip().upper()
    target = session.exec(select(Case).where(col(Case.reference) == wanted)).first()
    if target is None or target.id is None:
        return back(case_id, error="admin.error.merge_unknown", anchor="links")
    into = case_for(session, auth, target.id)  # the other case must be visible too
    try:
        households.merge(session, auth.actor, case, into=into)
    except HouseholdError as refused:
        error = "merge_other_team" if refused.code == "other_team" else "merge_refused"
        return back(case_id, error=f"admin.error.{error}", anchor="links")
    return back(case_id, notice="admin.notice.merged", anchor="links")


@router.post("/cases/{case_id}/confirm-duplicate")
def confirm_duplicate(
    case_id: int, auth: StaffForm, session: SessionDep, back_to: Short = ""
) -> RedirectResponse:
    """Staff agree with triage's suggestion that this report is about a known household."""
    case = case_for(session, auth, case_id)
    try:
        households.confirm_duplicate(session, auth.actor, case)
    except HouseholdError:
        return back(case_id, error="admin.error.invalid", anchor="links")
    return back(_back_to(back_to, case_id), notice="admin.notice.merged", anchor="links")


@router.post("/cases/{case_id}/split")
def split(
    case_id: int, auth: StaffForm, session: SessionDep, back_to: Short = ""
) -> RedirectResponse:
    """Staff say this report is about a different household: it stands alone again."""
    case = case_for(session, auth, case_id)
    try:
        households.split(session, auth.actor, case)
    except HouseholdError:
        return back(case_id, error="admin.error.invalid", anchor="links")
    return back(_back_to(back_to, case_id), notice="admin.notice.split", anchor="links")


def _back_to(value: str, case_id: int) -> int:
    """Where to return after acting on a linked report from its household's page."""
    chosen = bounded_id(value)
    return chosen if chosen is not None else case_id
