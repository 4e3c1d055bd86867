"""What staff do on the case page: reply, assign, reprioritise, change status, note, merge.

Every form carries the session's CSRF token (StaffForm), every case is checked through
storage.access (case_for), every action is audited, and each answer is a redirect back to
the case page (so a reload never repeats an action).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse
from sqlmodel import Session, col, select

from bot.relay import RelayError, relay_staff_reply
from storage import audit, households, notes
from storage.case_actions import CaseActionError, apply_changes, note_first_response
from storage.households import HouseholdError
from storage.models import Case
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
    assert case.id is not None
    reason = (reason or "").strip() or None
    try:
        # The pages always ask why a priority changed (the API leaves it optional).
        apply_changes(
            session,
            case=case,
            actor=auth.staff,
            changes=changes,
            reason=reason,
            require_reason=True,
        )
    except CaseActionError as error:
        session.rollback()
        if error.code == "forbidden":
            raise PageError(403, "admin.error.forbidden") from error
        return back(
            case.id, error=PAGE_ERRORS.get(error.code, "admin.error.invalid"), anchor="actions"
        )
    audit.record(
        session,
        action="case_updated",
        staff=auth.staff,
        case_id=case.id,
        ip=auth.ip,
        detail={**changes, **({"reason": reason} if reason else {})},
    )
    session.commit()
    return back(case.id, notice="admin.notice.saved", anchor="actions")


@router.post("/cases/{case_id}/reply")
def reply(
    case_id: int, auth: StaffForm, session: SessionDep, runtime: RuntimeDep, text: Text = ""
) -> RedirectResponse:
    case = case_for(session, auth, case_id)
    try:
        relay_staff_reply(session, case=case, staff_id=auth.staff_id, text=text)
    except RelayError:
        session.rollback()
        return back(case_id, error="admin.error.reply_failed", anchor="reply")
    note_first_response(session, case=case)
    audit.record(session, action="reply_sent", staff=auth.staff, case_id=case_id, ip=auth.ip)
    session.commit()
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
        note = notes.add_note(session, case_id=case_id, staff_id=auth.staff_id, text=text)
    except notes.NoteError:
        session.rollback()
        return back(case_id, error="admin.error.note_invalid", anchor="notes")
    audit.record(
        session,
        action="note_added",
        staff=auth.staff,
        case_id=case.id,
        ip=auth.ip,
        detail={"note_id": note.id},
    )
    session.commit()
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
        primary = households.merge(session, case=case, into=into, staff=auth.staff)
    except HouseholdError as refused:
        session.rollback()
        error = "merge_other_team" if refused.code == "other_team" else "merge_refused"
        return back(case_id, error=f"admin.error.{error}", anchor="links")
    audit.record(
        session,
        action="case_merged",
        staff=auth.staff,
        case_id=case_id,
        ip=auth.ip,
        detail={"into": primary.id},
    )
    session.commit()
    return back(case_id, notice="admin.notice.merged", anchor="links")


@router.post("/cases/{case_id}/confirm-duplicate")
def confirm_duplicate(
    case_id: int, auth: StaffForm, session: SessionDep, back_to: Short = ""
) -> RedirectResponse:
    """Staff agree with triage's suggestion that this report is about a known household."""
    case = case_for(session, auth, case_id)
    try:
        primary = households.confirm(session, case=case, staff=auth.staff)
    except HouseholdError:
        session.rollback()
        return back(case_id, error="admin.error.invalid", anchor="links")
    audit.record(
        session,
        action="duplicate_confirmed",
        staff=auth.staff,
        case_id=case_id,
        ip=auth.ip,
        detail={"primary": primary.id},
    )
    session.commit()
    return back(_back_to(back_to, case_id), notice="admin.notice.merged", anchor="links")


@router.post("/cases/{case_id}/split")
def split(
    case_id: int, auth: StaffForm, session: SessionDep, back_to: Short = ""
) -> RedirectResponse:
    """Staff say this report is about a different household: it stands alone again."""
    case = case_for(session, auth, case_id)
    try:
        former = households.split(session, case=case, staff=auth.staff)
    except HouseholdError:
        session.rollback()
        return back(case_id, error="admin.error.invalid", anchor="links")
    audit.record(
        session,
        action="case_split",
        staff=auth.staff,
        case_id=case_id,
        ip=auth.ip,
        detail={"from": former.id},
    )
    session.commit()
    return back(_back_to(back_to, case_id), notice="admin.notice.split", anchor="links")


def _back_to(value: str, case_id: int) -> int:
    """Where to return after acting on a linked report from its household's page."""
    chosen = bounded_id(value)
    return chosen if chosen is not None else case_id
