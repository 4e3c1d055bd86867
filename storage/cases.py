"""Cases and their timelines: creating, finding, listing in queue order, changing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case as sql_case
from sqlmodel import Session, col, select

from storage import duplicates, household_teams, life_at_risk, routing
from storage.channels import Channel
from storage.models import Attachment, Case, CaseEvent, Message, Reporter
from storage.policy import load_policy
from storage.rows import require_id
from storage.types import utcnow
from storage.vocabulary import ReporterRole
from triage import PRIORITY_RANK, Assessment, Priority, assess

# No 0/O, 1/I/L: references are read aloud over the phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SUMMARY_LENGTH = 120


def new_reference(session: Session) -> str:
    """A short unique reference such as SG-7KQ4M2."""
    while True:
        reference = "SG-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
        if session.exec(select(Case.id).where(col(Case.reference) == reference)).first() is None:
            return reference


def summarize(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_LENGTH else flat[: SUMMARY_LENGTH - 1] + "…"


def create_case(
    session: Session,
    *,
    reporter_id: int,
    text: str,
    assessment: Assessment,
    source: ReporterRole = ReporterRole.RESIDENT,
    facts: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Case:
    """Open a case for a new report, record its triage and link it to an open case about
    the same household (which then counts one more reporter). ``facts`` are what the
    conversation already knows (the source; a writer in crisis: see storage.life_at_risk)."""
    now = now or utcnow()
    policy = load_policy(session)
    reporter = session.get(Reporter, reporter_id)
    case = Case(
        reference=new_reference(session),
        reporter_id=reporter_id,
        channel=reporter.channel if reporter is not None else Channel.TELEGRAM,
        source=source,
        summary=summarize(text),
        team=policy.default_team,
        facts=dict(facts or {}),
        created_at=now,
        updated_at=now,
    )
    assessment = life_at_risk.floor(assessment, [case])
    _apply_assessment(case, assessment, due=policy.due(now, assessment.priority))
    session.add(case)
    session.flush()
    record_event(
        session,
        case_id=require_id(case),
        kind="created",
        data={"priority": case.priority, "reasons": case.reasons},
    )
    # The caller assessed the words; the source (a volunteer's tip) counts too.
    own_facts = duplicates.household_facts([case], reporters=1)
    _raise(session, case, life_at_risk.floor(assess(text, facts=own_facts), [case]), now=now)
    primary = duplicates.link_if_duplicate(session, case=case)
    if primary is not None:
        _reassess_household(session, primary, now=now)
    return case


def reassess(session: Session, *, case: Case, assessment: Assessment) -> bool:
    """Raise a case's priority when new words warrant it; staff-set priorities stand."""
    return _raise(session, case, life_at_risk.floor(assessment, [case]), now=utcnow())


def retriage(
    session: Session, *, case: Case, now: datetime | None = None, settle: bool = False
) -> bool:
    """Re-assess a case from everything known about its household; True if a priority rose.

    Reads every inbound text of the case (and of reports linked to the same household),
    the structured answers in ``case.facts``, the source and the number of distinct
    reporters. Routes the case to a team, undoes links its new team rules out and links it
    to an open case about the same household first, so call it whenever the text, the
    answers or the place change.
    Priorities only go up, unless ``settle`` (after staff split a household, its case may
    no longer deserve what the other reports gave it); staff-set priorities stand.
    """
    now = now or utcnow()
    if case.erased_at is not None:
        return False
    routing.route_case(session, case=case)
    settle_households(session, case=case, now=now)
    duplicates.link_if_duplicate(session, case=case)
    primary = duplicates.primary_of(session, case)
    raised = False
    if primary is not case:
        # The report's own view, which it keeps if staff split it off later.
        raised = _reassess_members(session, case, [case], now=now, settle=settle)
    return _reassess_household(session, primary, now=now, settle=settle) or raised


def settle_households(
    session: Session, *, case: Case, now: datetime | None = None, staff_id: int | None = None
) -> None:
    """After ``case``'s team changed: take reports of another team out of its household and
    re-assess both sides from what each has left, so the household's case drops the words,
    reporters and priority that came only from a report its staff may not see."""
    now = now or utcnow()
    changed = household_teams.separate_other_teams(session, case=case, staff_id=staff_id)
    for each in changed:
        _reassess_household(session, each, now=now, settle=True)


def _reassess_household(
    session: Session, primary: Case, *, now: datetime, settle: bool = False
) -> bool:
    # Settling (after a split) re-reads everything: the priority may go down. A new report
    # reads a bounded view, so the thousandth copy costs what the tenth did.
    members = (
        duplicates.group(session, primary)
        if settle
        else duplicates.recent_group(session, primary, newest=duplicates.HOUSEHOLD_MEMBERS_READ)
    )
    primary.reporters_count = duplicates.reporters_in_household(session, primary)
    session.add(primary)
    return _reassess_members(
        session, primary, members, now=now, settle=settle, reporters=primary.reporters_count
    )


def _reassess_members(
    session: Session,
    case: Case,
    members: list[Case],
    *,
    now: datetime,
    settle: bool = False,
    reporters: int | None = None,
) -> bool:
    reporters = duplicates.count_reporters(members) if reporters is None else reporters
    text = "\n".join(_report_texts(session, members))
    facts = duplicates.household_facts(members, reporters=reporters)
    # What a reporter said about a danger to life holds for the whole household.
    assessment = life_at_risk.floor(assess(text, facts=facts), members)
    return _raise(session, case, assessment, now=now, settle=settle)


def _report_texts(session: Session, members: list[Case]) -> list[str]:
    ids = [m.id for m in members if m.id is not None]
    rows = session.exec(
        select(Message.case_id, Message.text)
        .where(
            col(Message.case_id).in_(ids),
            col(Message.direction) == "in",
            col(Message.kind) != "location",
        )
        .order_by(col(Message.id))
    ).all()
    texts = [text for _, text in rows if text]
    spoken = {case_id for case_id, text in rows if text}
    # A report whose first message is not recorded yet still counts by its summary.
    texts += [m.summary for m in members if m.id not in spoken and m.summary]
    # The same words from another reporter add no evidence (their number is in the facts);
    # reading each copy again would make a flood of copies cost more with every report.
    return list(dict.fromkeys(texts))


def _raise(
    session: Session, case: Case, assessment: Assessment, *, now: datetime, settle: bool = False
) -> bool:
    """Apply a new assessment if it is more urgent (or, at the same level, better explained;
    or less urgent when ``settle``)."""
    new_rank = PRIORITY_RANK[assessment.priority]
    old_rank = PRIORITY_RANK[Priority(case.priority)]
    if case.priority_set_by_staff:
        if new_rank < old_rank:
            _note_suggestion(session, case, assessment)
        if settle:
            _explain(session, case, assessment)  # the priority stands, the reasons follow
        return False
    if new_rank > old_rank:
        if settle:
            _lower(session, case, assessment)
        return False
    if new_rank == old_rank:
        reasons = [reason.to_dict() for reason in assessment.reasons]
        # A score at its level's cap can stay put while new reasons arrive: show them.
        # Settling, the reasons are exactly what is known now (a split-off report's go).
        if (
            settle
            or assessment.score > case.score
            or (assessment.score == case.score and reasons != case.reasons)
        ):
            case.score = assessment.score
            case.reasons = reasons
            session.add(case)
        return False
    before = case.priority
    # The clock for the new level starts when the new information arrived.
    due = min(case.due_at, load_policy(session).due(now, assessment.priority))
    _apply_assessment(case, assessment, due=due)
    case.updated_at = now
    session.add(case)
    record_event(
        session,
        case_id=require_id(case),
        kind="priority_raised",
        data={"from": before, "to": case.priority, "reasons": case.reasons},
    )
    return True


def _explain(session: Session, case: Case, assessment: Assessment) -> None:
    case.score = assessment.score
    case.reasons = [reason.to_dict() for reason in assessment.reasons]
    session.add(case)


def _lower(session: Session, case: Case, assessment: Assessment) -> None:
    before = case.priority
    _apply_assessment(
        case, assessment, due=load_policy(session).due(case.created_at, assessment.priority)
    )
    session.add(case)
    record_event(
        session,
        case_id=require_id(case),
        kind="priority_lowered",
        data={"from": before, "to": case.priority, "reasons": case.reasons},
    )


def _note_suggestion(session: Session, case: Case, assessment: Assessment) -> None:
    """Staff chose the priority; show them (once per level) that triage reads it as worse."""
    earlier = session.exec(
        select(CaseEvent.data).where(
            col(CaseEvent.case_id) == require_id(case), col(CaseEvent.kind) == "triage_suggests"
        )
    ).all()
    if any((data or {}).get("priority") == assessment.priority.value for data in earlier):
        return
    record_event(
        session,
        case_id=require_id(case),
        kind="triage_suggests",
        data={"priority": assessment.priority.value, "reasons": assessment.to_dict()["reasons"]},
    )


def _apply_assessment(case: Case, assessment: Assessment, *, due: datetime) -> None:
    case.priority = assessment.priority
    case.score = assessment.score
    case.reasons = [reason.to_dict() for reason in assessment.reasons]
    case.due_at = due


def set_priority(
    session: Session, *, case: Case, priority: Priority, now: datetime | None = None
) -> None:
    """A staff member's choice of priority: it stands. Raising it (or confirming it) never
    gives an overdue case more time; lowering it gives the new level's time from when the
    report arrived, and never less than it had."""
    now = now or utcnow()
    policy = load_policy(session)
    if PRIORITY_RANK[priority] <= PRIORITY_RANK[Priority(case.priority)]:
        due = min(case.due_at, policy.due(now, priority))
    else:
        due = max(case.due_at, policy.due(case.created_at, priority))
    case.priority = priority
    case.priority_set_by_staff = True
    case.due_at = due


def add_message(
    session: Session,
    *,
    case_id: int,
    direction: str,
    author: str,
    text: str,
    kind: str = "text",
    staff_id: int | None = None,
    telegram_message_id: int | None = None,
) -> Message:
    message = Message(
        case_id=case_id,
        direction=direction,
        author=author,
        text=text,
        kind=kind,
        staff_id=staff_id,
        telegram_message_id=telegram_message_id,
        delivery="pending" if direction == "out" else None,
    )
    session.add(message)
    session.flush()
    return message


def add_attachment(session: Session, *, case_id: int, message_id: int, **fields: Any) -> Attachment:
    attachment = Attachment(case_id=case_id, message_id=message_id, **fields)
    session.add(attachment)
    return attachment


def record_event(
    session: Session,
    *,
    case_id: int,
    kind: str,
    staff_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    session.add(CaseEvent(case_id=case_id, kind=kind, staff_id=staff_id, data=data or {}))


@dataclass(frozen=True)
class QueueFilter:
    """Which cases a listing may show: `teams` None means every team.

    Reports staff confirmed as duplicates are folded into their household's case (which
    shows ``reporters_count``) unless ``include_linked``; suspected ones stay visible.
    """

    teams: tuple[str, ...] | None = None
    status: str | None = None
    priority: str | None = None
    limit: int = 100
    offset: int = 0
    include_linked: bool = False


def queue_order(now: datetime) -> tuple[Any, ...]:
    """ORDER BY for the staff queue, the SQL twin of ``triage.queue_key``: open before
    closed; then cases waiting for a first answer that are overdue or critical; then
    priority, due time and age."""
    rank = sql_case(
        *((col(Case.priority) == p.value, r) for p, r in PRIORITY_RANK.items()),
        else_=len(PRIORITY_RANK),
    )
    closed_last = sql_case((col(Case.status) == "closed", 1), else_=0)
    waiting = (col(Case.status) == "new") & (
        (col(Case.priority) == Priority.CRITICAL.value) | (col(Case.due_at) <= now)
    )
    waiting_first = sql_case((waiting, 0), else_=1)
    return (
        closed_last,
        waiting_first,
        rank,
        col(Case.due_at),
        col(Case.created_at),
        col(Case.id),
    )


def folded_duplicate() -> Any:
    """WHERE clause true for a report folded into its household's case."""
    return col(Case.duplicate_of).is_not(None) & (col(Case.duplicate_state) == duplicates.CONFIRMED)


def list_queue(session: Session, *, where: QueueFilter, now: datetime | None = None) -> list[Case]:
    """Cases most urgent first, in ``queue_order`` (docs/queue.md, "The queue's order")."""
    statement = select(Case)
    if where.teams is not None:
        statement = statement.where(col(Case.team).in_(where.teams) | col(Case.team).is_(None))
    if where.status:
        statement = statement.where(col(Case.status) == where.status)
    if where.priority:
        statement = statement.where(col(Case.priority) == where.priority)
    if not where.include_linked:
        statement = statement.where(~folded_duplicate())
    statement = (
        statement.order_by(*queue_order(now or utcnow())).limit(where.limit).offset(where.offset)
    )
    return list(session.exec(statement).all())


def timeline(session: Session, *, case_id: int) -> list[Message]:
    return list(
        session.exec(
            select(Message).where(col(Message.case_id) == case_id).order_by(col(Message.id))
        ).all()
    )


def attachments(session: Session, *, case_id: int) -> list[Attachment]:
    return list(
        session.exec(
            select(Attachment)
            .where(col(Attachment.case_id) == case_id)
            .order_by(col(Attachment.id))
        ).all()
    )


def events(session: Session, *, case_id: int) -> list[CaseEvent]:
    return list(
        session.exec(
            select(CaseEvent).where(col(CaseEvent.case_id) == case_id).order_by(col(CaseEvent.id))
        ).all()
    )
