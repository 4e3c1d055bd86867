"""What a staff member may see of a household: another team's report shows without content.

A household's case carries what its linked reports said (triage reasons with their words),
how many people reported it, and links naming those reports in its history. Links across
teams are never made and are undone when a team changes (``storage.household_teams``), but
the history keeps what a link brought while it stood, and links made before that rule may
remain. Every staff view of a case (the API's list and case, the household API, the case
page and the queue) therefore asks this module, with the per-case rule of
``storage.access``: a reason whose words (or answers) come only from a report the staff
member may not see becomes one ``other_team_report`` reason without words; counts include
only reports they may see; a case id they may not see is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from storage import duplicates
from storage.access import can_access_case
from storage.models import Case, CaseEvent, Message, Staff
from storage.rows import require_id
from triage.facts import read_facts
from triage.normalize import fold

OTHER_TEAM_REPORT = "other_team_report"
# Event data keys that name another case (storage.duplicates, households, referrals).
CASE_KEYS = ("primary", "case", "into", "to_case_id", "from_case_id")


@dataclass(frozen=True)
class SeenCase:
    """A case's household fields as one staff member may see them."""

    reasons: list[dict[str, Any]]
    reporters_count: int
    duplicate_of: int | None


@dataclass(frozen=True)
class _Evidence:
    """What a staff member may read of a household: its words and its answers."""

    text: str
    facts: frozenset[str]

    def shows(self, reason: dict[str, Any]) -> bool:
        matched = str(reason.get("matched") or "")
        parts = [part for part in matched.split(" + ") if part.strip()]
        return all(part in self.facts or _squash(part) in self.text for part in parts)


def _squash(text: str) -> str:
    return "".join(fold(text).split())


def seen_cases(session: Session, staff: Staff, cases: list[Case]) -> dict[int, SeenCase]:
    """How each case's reasons, reporters and link look to ``staff`` (by case id)."""
    ids = [c.id for c in cases if c.id is not None]
    members: dict[int, list[Case]] = {}
    if ids:
        for member in session.exec(select(Case).where(col(Case.duplicate_of).in_(ids))).all():
            members.setdefault(member.duplicate_of or 0, []).append(member)
    seen = {}
    for case in cases:
        if case.id is None:
            continue
        hidden = [m for m in members.get(case.id, []) if not can_access_case(staff, m)]
        seen[case.id] = _seen(session, staff, case, members.get(case.id, []), hidden=bool(hidden))
    return seen


def seen_case(
    session: Session, staff: Staff, case: Case, events: list[CaseEvent]
) -> tuple[SeenCase, list[dict[str, Any]]]:
    """One case as ``staff`` may see it, with the data of each of its ``events``."""
    require_id(case)  # only a saved case has a household
    members = duplicates.group(session, case)[1:] if case.duplicate_of is None else []
    hidden_ids = _hidden_ids(session, staff, events)
    hidden = bool(hidden_ids) or any(not can_access_case(staff, m) for m in members)
    seen = _seen(session, staff, case, members, hidden=hidden)
    if not hidden:
        return seen, [dict(e.data or {}) for e in events]
    evidence = _evidence(session, staff, case, members)
    return seen, [_event_data(e.data or {}, hidden_ids, evidence) for e in events]


def _seen(
    session: Session, staff: Staff, case: Case, members: list[Case], *, hidden: bool
) -> SeenCase:
    primary = session.get(Case, case.duplicate_of) if case.duplicate_of else None
    duplicate_of = case.duplicate_of if primary is None or can_access_case(staff, primary) else None
    if not hidden:
        return SeenCase(list(case.reasons or []), case.reporters_count, duplicate_of)
    visible = [case, *(m for m in members if can_access_case(staff, m))]
    evidence = _evidence(session, staff, case, members)
    return SeenCase(
        _reasons(case.reasons or [], evidence), duplicates.count_reporters(visible), duplicate_of
    )


def _reasons(reasons: list[dict[str, Any]], evidence: _Evidence) -> list[dict[str, Any]]:
    shown = [reason for reason in reasons if evidence.shows(reason)]
    if len(shown) < len(reasons):
        shown.append({"code": OTHER_TEAM_REPORT, "matched": "", "imminent": False})
    return shown


def _evidence(session: Session, staff: Staff, case: Case, members: list[Case]) -> _Evidence:
    visible = [case, *(m for m in members if can_access_case(staff, m))]
    ids = [m.id for m in visible if m.id is not None]
    texts = session.exec(
        select(Message.text).where(
            col(Message.case_id).in_(ids),
            col(Message.direction) == "in",
            col(Message.kind) != "location",
        )
    ).all()
    words = "\n".join([*(t for t in texts if t), *(m.summary for m in visible)])
    signals = read_facts(
        duplicates.household_facts(visible, reporters=duplicates.count_reporters(visible))
    )
    facts = {*signals.findings.values(), *(words for _, words in signals.bonuses.values())}
    if signals.child_mentioned:
        facts.add("facts: children")
    return _Evidence(_squash(words), frozenset(facts))


def _hidden_ids(session: Session, staff: Staff, events: list[CaseEvent]) -> set[int]:
    named = {
        value
        for event in events
        for key in CASE_KEYS
        if isinstance(value := (event.data or {}).get(key), int)
    }
    if not named:
        return set()
    found = session.exec(select(Case).where(col(Case.id).in_(named))).all()
    return {c.id for c in found if c.id is not None and not can_access_case(staff, c)}


def _event_data(data: dict[str, Any], hidden_ids: set[int], evidence: _Evidence) -> dict[str, Any]:
    shown = dict(data)
    for key in CASE_KEYS:
        if shown.get(key) in hidden_ids:
            shown[key] = None
            shown["other_team"] = True
    reasons = shown.get("reasons")
    if isinstance(reasons, list):
        shown["reasons"] = _reasons([r for r in reasons if isinstance(r, dict)], evidence)
    return shown
