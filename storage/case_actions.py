"""Changing a case on a staff member's behalf: the rules both the staff API and pages apply.

Each change is checked through storage.access and written to the case's history; the
caller (webhook.actions) records the audit entry and commits.

The rules, for `PATCH /api/cases/{id}` and the case page's forms alike:

- staff pick up an unassigned case or pass on their own; taking a colleague's case is a
  supervisor's call (`forbidden`, answered 403);
- a closed case always has an outcome: closing without one, or clearing the outcome of a
  closed case, is refused (`outcome_required`, 422) — the monthly figures count outcomes;
- a priority change carries a reason where the caller asks for one (`require_reason`): the
  pages always do; the API keeps `reason` optional, as the README has always promised API
  clients, and records the change with `"reason": null` when none is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage import cases, households
from storage.access import can_access_case, can_assign, can_reassign
from storage.models import Case, Staff
from storage.rows import require_id
from storage.types import utcnow
from storage.vocabulary import CaseStatus, Outcome
from triage import Priority

CHANGEABLE = frozenset({"status", "priority", "assignee", "outcome", "team"})
MAX_REASON_LENGTH = 500
MAX_TEAM_LENGTH = 64


class CaseActionError(ValueError):
    """A change that is not allowed or not valid; `code` names it for messages and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _staff_named(session: Session, username: str) -> Staff | None:
    return session.exec(select(Staff).where(col(Staff.username) == username)).first()


def apply_changes(
    session: Session,
    *,
    case: Case,
    actor: Staff,
    changes: Mapping[str, Any],
    reason: str | None = None,
    require_reason: bool = False,
    now: datetime | None = None,
) -> list[str]:
    """Apply `changes` (any of status, priority, assignee (a username or None), outcome,
    team) and return the kinds of history events recorded. Raises CaseActionError and
    changes nothing when any part is not allowed or not valid. With `require_reason`, a
    priority change without a (non-blank) reason is refused (`reason_required`)."""
    require_id(case)  # only a saved case has a history to write to
    reason = (reason or "").strip() or None
    if not can_access_case(actor, case):
        raise CaseActionError("forbidden", "no such case")
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise CaseActionError("unknown_field", f"cannot change {sorted(unknown)}")
    if not changes:
        raise CaseActionError("nothing_to_change", "nothing to change")
    if reason is not None and len(reason) > MAX_REASON_LENGTH:
        raise CaseActionError("reason_too_long", "reason is too long")
    _validate(session, case=case, actor=actor, changes=changes)
    if require_reason and changes.get("priority") is not None and reason is None:
        raise CaseActionError("reason_required", "a priority change needs a reason")
    now = now or utcnow()
    recorded: list[str] = []

    def event(kind: str, data: dict[str, Any]) -> None:
        case_id = require_id(case)
        cases.record_event(session, case_id=case_id, kind=kind, staff_id=actor.id, data=data)
        recorded.append(kind)

    if "team" in changes:
        team = (changes["team"] or "").strip() or None
        if team != case.team:
            event("team_changed", {"from": case.team, "to": team, "reason": reason})
            case.team = team
            assignee = session.get(Staff, case.assignee_id) if case.assignee_id else None
            if assignee is not None and not can_access_case(assignee, case):
                # The assignee can no longer see the case: it goes back to the team's queue.
                case.assignee_id = None
                event("assigned", {"assignee": None})
            # A household is one team's: confirmed reports follow their household's case,
            # and a report now in another team than that case leaves the household.
            households.follow_team(session, case=case, staff=actor)
            cases.settle_households(session, case=case, now=now, staff_id=actor.id)
    if "assignee" in changes:
        username = changes["assignee"]
        assignee = _staff_named(session, username) if username is not None else None
        case.assignee_id = assignee.id if assignee else None
        event("assigned", {"assignee": username})
    if "priority" in changes and changes["priority"] is not None:
        before = case.priority
        cases.set_priority(session, case=case, priority=Priority(changes["priority"]), now=now)
        event("priority_changed", {"from": before, "to": case.priority, "reason": reason})
    if "outcome" in changes:
        outcome = changes["outcome"]
        case.outcome = Outcome(outcome) if outcome is not None else None
        event("outcome_set", {"outcome": case.outcome})
    status = changes.get("status")
    if status is not None and status != case.status:
        before_status = case.status
        case.status = CaseStatus(status)
        case.closed_at = now if status == CaseStatus.CLOSED else None
        event("status_changed", {"from": before_status, "to": status, "reason": reason})
    case.updated_at = now
    session.add(case)
    return recorded


def _validate(session: Session, *, case: Case, actor: Staff, changes: Mapping[str, Any]) -> None:
    status, outcome = changes.get("status"), changes.get("outcome")
    if status is not None and status not in set(CaseStatus):
        raise CaseActionError("invalid_status", f"unknown status {status!r}")
    if outcome is not None and outcome not in set(Outcome):
        raise CaseActionError("invalid_outcome", f"unknown outcome {outcome!r}")
    priority = changes.get("priority")
    if priority is not None and priority not in {p.value for p in Priority}:
        raise CaseActionError("invalid_priority", f"unknown priority {priority!r}")
    touches_status = status is not None or "outcome" in changes
    final_status = status if status is not None else case.status
    final_outcome = changes.get("outcome", case.outcome)
    if touches_status and final_status == "closed" and final_outcome is None:
        raise CaseActionError("outcome_required", "a case is closed with an outcome")
    if "team" in changes:
        if not can_reassign(actor):
            raise CaseActionError("forbidden", "only supervisors move cases between teams")
        team = changes["team"]
        if team is not None and len(team.strip()) > MAX_TEAM_LENGTH:
            raise CaseActionError("invalid_team", "team name is too long")
    if "assignee" in changes:
        username = changes["assignee"]
        assignee = _staff_named(session, username) if username is not None else None
        if username is not None and (assignee is None or not assignee.active):
            raise CaseActionError("unknown_assignee", f"no active staff {username!r}")
        # Judge the assignee against the team the case will have after this change.
        target = case
        if "team" in changes:
            # A transient stand-in, never added to the session.
            target = Case(
                reference=case.reference,
                team=(changes["team"] or "").strip() or None,
                assignee_id=case.assignee_id,
            )
        if assignee is not None and not can_access_case(assignee, target):
            raise CaseActionError(
                "assignee_cannot_see_case", f"{username!r} cannot see this case's team"
            )
        if not can_assign(actor, target, assignee):
            raise CaseActionError("forbidden", "only supervisors reassign a colleague's case")


def note_first_response(session: Session, *, case: Case) -> None:
    """A staff reply takes a new case into work, from the API and the pages alike."""
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.IN_PROGRESS
        case.updated_at = utcnow()
        session.add(case)
