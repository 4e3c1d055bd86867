"""Reports about the same household: finding them, linking them, and counting reporters.

A household's reports form a group: one *primary* case that staff work on, and later
reports pointing at it through ``duplicate_of``. Each report keeps its own case, reference
and conversation (its reporter keeps talking to it); the queue shows the primary, which
carries the group's priority and how many people reported it. Automatic links are
"suspected" until staff confirm them; staff can also merge and split (``storage.households``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from storage.access import may_inform
from storage.models import Case, CaseEvent
from storage.rows import require_id
from storage.types import utcnow
from triage.duplicates import (
    NEARBY_METRES,
    PLACE_WINDOW,
    SIMILAR_TEXT_WINDOW,
    ReportPlace,
    address_key,
    duplicate_basis,
)

SUSPECTED = "suspected"
CONFIRMED = "confirmed"
SEPARATE = "separate"  # staff split it off: never linked automatically again
_BASIS_RANK = {"same_address": 0, "nearby": 1, "similar_text": 2}
_CANDIDATES = 100  # the newest; older look-alikes are rarely the same household
# A household's re-assessment reads its first report and at most this many of the newest
# linked ones: a flood of copies (a neighbourhood-wide event, or someone flooding the bot)
# must not make each new report cost more than the last. Priorities only go up, so what
# older reports said has already been counted.
HOUSEHOLD_MEMBERS_READ = 50
_DEGREES_PER_METRE = 1 / 111_000  # of latitude; longitude degrees are wider, so this is safe


def refresh_address_key(case: Case) -> None:
    """Keep the comparable form of the case's typed address up to date."""
    case.address_key = address_key(case.address)


def _place(case: Case) -> ReportPlace:
    return ReportPlace(
        text=case.summary,
        created_at=case.created_at,
        address_key=case.address_key,
        latitude=case.latitude,
        longitude=case.longitude,
    )


def _near(case: Case) -> ColumnElement[bool]:
    if case.latitude is None or case.longitude is None:
        return false()
    margin = NEARBY_METRES * 2 * _DEGREES_PER_METRE
    # A box in longitude must widen with latitude; 2x margin covers Korea's latitudes.
    return and_(
        col(Case.latitude).between(case.latitude - margin, case.latitude + margin),
        col(Case.longitude).between(case.longitude - 2 * margin, case.longitude + 2 * margin),
    )


def find_duplicate(session: Session, *, case: Case) -> tuple[Case, str] | None:
    """The open case this one most likely duplicates, and why; None if none does."""
    found = next(iter(candidates(session, case=case)), None)
    if found is None:
        return None
    other = session.get(Case, found[0])
    return (other, found[1]) if other is not None else None


def candidates(session: Session, *, case: Case) -> list[tuple[int, str]]:
    """The open cases this one may duplicate, most likely first, each with its basis."""
    recent_text = col(Case.created_at) >= case.created_at - SIMILAR_TEXT_WINDOW
    same_place = or_(
        col(Case.address_key) == case.address_key if case.address_key else false(),
        _near(case),
    )
    # Plain columns, not Case objects: this runs for every new report, over up to
    # _CANDIDATES rows; only the chosen one is loaded as a Case.
    statement = (
        sa_select(
            col(Case.id),
            col(Case.summary),
            col(Case.created_at),
            col(Case.address_key),
            col(Case.latitude),
            col(Case.longitude),
        )
        .where(
            col(Case.status) != "closed",
            col(Case.erased_at).is_(None),
            col(Case.created_at) >= case.created_at - PLACE_WINDOW,
            col(Case.created_at) <= case.created_at + PLACE_WINDOW,
            or_(same_place, recent_text),
        )
        .order_by(col(Case.created_at).desc())
        .limit(_CANDIDATES)
    )
    if case.id is not None:
        statement = statement.where(col(Case.id) != case.id, _not_in_group(case.id))
    mine = _place(case)
    found: list[tuple[tuple[int, datetime], int, str]] = []
    for row in session.execute(statement).all():
        other_id, summary, created_at, key, latitude, longitude = row
        other = ReportPlace(summary, created_at, key, latitude, longitude)
        basis = duplicate_basis(mine, other)
        if basis is not None:
            found.append(((_BASIS_RANK[basis], created_at), other_id, basis))
    return [(other_id, basis) for _, other_id, basis in sorted(found)]


def _not_in_group(case_id: int) -> ColumnElement[bool]:
    return or_(col(Case.duplicate_of).is_(None), col(Case.duplicate_of) != case_id)


def primary_of(session: Session, case: Case) -> Case:
    """The case staff work on for this household (the case itself when it is not linked)."""
    if case.duplicate_of is None:
        return case
    primary = session.get(Case, case.duplicate_of)
    return primary if primary is not None else case


def group(session: Session, primary: Case) -> list[Case]:
    """The primary and every report linked to it, oldest first."""
    if primary.id is None:
        return [primary]
    linked = session.exec(
        select(Case).where(col(Case.duplicate_of) == primary.id).order_by(col(Case.created_at))
    ).all()
    return [primary, *linked]


def recent_group(session: Session, primary: Case, *, newest: int) -> list[Case]:
    """The primary and the `newest` reports linked to it most recently, oldest first: the
    bounded view a new report's re-assessment reads (see HOUSEHOLD_MEMBERS_READ)."""
    if primary.id is None:
        return [primary]
    linked = session.exec(
        select(Case)
        .where(col(Case.duplicate_of) == primary.id)
        .order_by(col(Case.created_at).desc(), col(Case.id).desc())
        .limit(newest)
    ).all()
    return [primary, *reversed(linked)]


def reporters_in_household(session: Session, primary: Case) -> int:
    """Distinct people among the household's reporters, counted by the database (the same
    rule as ``count_reporters``, without loading every linked report)."""
    if primary.id is None:
        return count_reporters([primary])
    in_household = or_(col(Case.id) == primary.id, col(Case.duplicate_of) == primary.id)
    known, anonymous = session.execute(
        sa_select(
            func.count(func.distinct(col(Case.reporter_id))),
            func.count().filter(col(Case.reporter_id).is_(None)),
        ).where(in_household)
    ).one()
    return int(known) + int(anonymous)


def count_reporters(members: list[Case]) -> int:
    """Distinct people among the group's reporters (an anonymous report counts as one)."""
    known = {m.reporter_id for m in members if m.reporter_id is not None}
    return len(known) + sum(1 for m in members if m.reporter_id is None)


def link(
    session: Session,
    *,
    case: Case,
    primary: Case,
    basis: str,
    state: str = SUSPECTED,
    staff_id: int | None = None,
) -> None:
    """Make ``case`` (and any reports linked to it) part of ``primary``'s household."""
    case_id, primary_id = require_id(case), require_id(primary)
    if case_id == primary_id:
        raise ValueError("a case cannot join its own household")
    followers = session.exec(select(Case).where(col(Case.duplicate_of) == case_id)).all()
    for follower in followers:
        follower.duplicate_of = primary_id
        session.add(follower)
    case.duplicate_of = primary_id
    case.duplicate_state = state
    primary.duplicate_of = None
    if primary.duplicate_state != CONFIRMED:
        primary.duplicate_state = None
    session.add_all([case, primary])
    data: dict[str, Any] = {"basis": basis, "state": state}
    _event(session, case_id, "linked_as_duplicate", staff_id, {**data, "primary": primary_id})
    _event(session, primary_id, "duplicate_linked", staff_id, {**data, "case": case_id})
    session.flush()
    refresh_reporters_count(session, primary=primary)


def unlink(
    session: Session, *, case: Case, staff_id: int | None = None, basis: str = "staff"
) -> Case | None:
    """Split ``case`` off its household; returns the former primary (None if not linked).

    A staff split (``basis="staff"``) is final: the report is never linked automatically
    again. A report taken out because it is now another team's (``"other_team"``) may still
    join a household of its own team later.
    """
    primary = session.get(Case, case.duplicate_of) if case.duplicate_of else None
    case.duplicate_of = None
    case.duplicate_state = SEPARATE if basis == "staff" else None
    session.add(case)
    if primary is not None and primary.id is not None and case.id is not None:
        data = {} if basis == "staff" else {"basis": basis}
        _event(session, case.id, "split_from", staff_id, {**data, "primary": primary.id})
        _event(session, primary.id, "duplicate_split", staff_id, {**data, "case": case.id})
        session.flush()
        refresh_reporters_count(session, primary=primary)
    refresh_reporters_count(session, primary=case)
    return primary


def refresh_reporters_count(session: Session, *, primary: Case) -> int:
    """Recount the distinct reporters of ``primary``'s household and store it."""
    primary.reporters_count = reporters_in_household(session, primary)
    session.add(primary)
    return primary.reporters_count


def link_if_duplicate(session: Session, *, case: Case) -> Case | None:
    """Link a new or newly located report to the open case about the same household.

    The single entry point for the conversation (``storage.cases.create_case`` and
    ``retriage`` call it too). Returns the primary it was linked to, or None. Reports that
    staff split off, or already linked, stay as they are; a household never takes in a report
    its staff may not see (another team's, see ``storage.access.may_inform``).
    """
    refresh_address_key(case)
    if case.id is None or case.duplicate_of is not None or case.duplicate_state == SEPARATE:
        return None
    if case.status == "closed" or case.erased_at is not None:
        return None
    for other_id, basis in candidates(session, case=case):
        other = session.get(Case, other_id)
        if other is None:
            continue
        target = primary_of(session, other)
        if target.id == case.id:
            return None
        # The older household record stays primary: staff may already be working on it.
        if target.created_at <= case.created_at:
            if not _may_join(group(session, case), primary=target):
                continue
            link(session, case=case, primary=target, basis=basis)
            return target
        if target.duplicate_state == SEPARATE:
            return None  # staff split it off; it is not folded into anything automatically
        if not _may_join(group(session, target), primary=case):
            continue
        link(session, case=target, primary=case, basis=basis)
        return case
    return None


def _may_join(reports: list[Case], *, primary: Case) -> bool:
    """Another team's report never joins a household automatically: its words, reporter
    and id would show on a case that team's staff cannot see (storage.access)."""
    return all(may_inform(report, primary) for report in reports)


def linked_counts(session: Session, *, primary_ids: list[int]) -> dict[int, int]:
    """How many reports are linked to each of these primaries (for list views)."""
    if not primary_ids:
        return {}
    rows = session.exec(
        select(Case.duplicate_of, func.count())
        .where(col(Case.duplicate_of).in_(primary_ids))
        .group_by(col(Case.duplicate_of))
    ).all()
    return {int(pid): int(n) for pid, n in rows if pid is not None}


def _event(
    session: Session, case_id: int, kind: str, staff_id: int | None, data: dict[str, Any]
) -> None:
    session.add(CaseEvent(case_id=case_id, kind=kind, staff_id=staff_id, data=data, at=utcnow()))


_URGENCY_ORDER = ("now", "today", "soon", "unsure")
_FLAGS = ("lives_alone", "children", "disability", "elderly")
# The most worrying visit finding about a household wins.
_VISIT_ORDER = ("needs_help", "no_answer", "fine")


def household_facts(members: list[Case], *, reporters: int) -> dict[str, Any]:
    """Merge the reporters' answers about one household: any "yes" counts, the most urgent
    urgency wins, crisis types add up; plus the source and the number of reporters."""
    merged: dict[str, Any] = {}
    crisis: list[str] = []
    signs: list[str] = []
    urgencies: list[str] = []
    visits: list[str] = []
    for member in members:
        facts = getattr(member, "facts", None) or {}
        if not isinstance(facts, dict):
            continue
        for flag in _FLAGS:
            if facts.get(flag) is True:
                merged[flag] = True
        band = facts.get("age_band")
        if isinstance(band, str) and band and merged.get("age_band") not in ("elderly", "child"):
            merged["age_band"] = band
        kinds = facts.get("crisis_types") or []
        crisis += [str(kind) for kind in kinds if kind] if isinstance(kinds, list) else []
        seen = facts.get("signs") or []
        signs += [str(sign) for sign in seen if sign] if isinstance(seen, list) else []
        urgency = facts.get("reporter_urgency")
        if urgency in _URGENCY_ORDER:
            urgencies.append(urgency)
        if facts.get("visit_result") in _VISIT_ORDER:
            visits.append(facts["visit_result"])
    if crisis:
        merged["crisis_types"] = list(dict.fromkeys(crisis))
    if signs:
        merged["signs"] = list(dict.fromkeys(signs))
    if visits:
        merged["visit_result"] = min(visits, key=_VISIT_ORDER.index)
    if urgencies:
        merged["reporter_urgency"] = min(urgencies, key=_URGENCY_ORDER.index)
    volunteer = any(member.source == "volunteer" for member in members)
    merged["source"] = "volunteer" if volunteer else "resident"
    merged["reporters"] = reporters
    return merged
