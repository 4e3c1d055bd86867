"""Scheduled work that talks to people: SLA breaches, the daily digest, status notices,
and the retention sweep that erases old personal data.

Each function is synchronous, takes the engine and an explicit ``now`` (tests pass one),
and claims every unit of work in ``job_runs`` in the same transaction as its outbox rows
and case changes (see ``storage.jobs``): it is idempotent, survives restarts, and runs
once even when several instances share the database. They return how much they did, so
the caller can wake the outbox dispatcher.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from bot.catalog import t
from bot.inbound import Reply
from bot.outgoing import enqueue_reply
from bot.reasons import describe_reasons
from storage import cases, jobs, retention
from storage.attachment_store import AttachmentStore
from storage.duplicates import CONFIRMED
from storage.models import Case, CaseEvent, Reporter
from storage.policy import load_policy
from storage.types import utcnow
from triage import Priority

log = logging.getLogger(__name__)

BATCH = 50
NOTICE_LOOKBACK = timedelta(days=3)  # status changes older than this are not announced
# An untouched overdue case is alerted again at a rising interval, but at least daily:
# reminders that never stop get muted, ones that stop let a case be forgotten.
MAX_REALERT_INTERVAL = timedelta(hours=24)
# Each overdue alert moves a case up one level, but not into critical: that level means a life may
# be at risk, which only the report's content can say.
_ESCALATION = {
    Priority.LOW: Priority.NORMAL,
    Priority.NORMAL: Priority.HIGH,
    Priority.HIGH: Priority.HIGH,
    Priority.CRITICAL: Priority.CRITICAL,
}
_PRIORITY_LABEL = {
    Priority.CRITICAL: "jobs.priority.critical",
    Priority.HIGH: "jobs.priority.high",
    Priority.NORMAL: "jobs.priority.normal",
    Priority.LOW: "jobs.priority.low",
}
# What the reporter hears when staff move the case: that something happens, never details.
_NOTICES = {
    "in_progress": "jobs.status.in_progress",
    "help_arranged": "jobs.status.help_arranged",
    "closed": "jobs.status.closed",
}


@dataclass(frozen=True)
class JobConfig:
    """What the jobs need besides the database (the queue policy lives in the database)."""

    staff_chat_id: int | None = None
    staff_language: str = "ko"
    # Before `retention`, which shadows the module's name in this class body.
    audit_retention: timedelta = retention.DEFAULT_AUDIT_RETENTION
    retention: timedelta = retention.DEFAULT_RETENTION
    digest_hour: int = 9  # local time of the daily digest
    store: AttachmentStore | None = None  # where attachment files live (retention deletes)


def _label(language: str, priority: str) -> str:
    return t(language, _PRIORITY_LABEL[Priority(priority)])


# --- SLA ---------------------------------------------------------------------------------


def run_sla_sweep(engine: Engine, config: JobConfig, *, now: datetime | None = None) -> int:
    """Alert the staff chat about untouched cases past their due time, and again while they
    stay untouched (at a rising interval); returns the number of alerts made by this call."""
    now = now or utcnow()
    with Session(engine) as session:
        overdue = session.exec(
            select(Case.id)
            .where(
                col(Case.status) == "new",
                col(Case.due_at) <= now,
                col(Case.sla_next_alert_at).is_(None) | (col(Case.sla_next_alert_at) <= now),
                col(Case.erased_at).is_(None),
                ~cases.folded_duplicate(),
            )
            .order_by(col(Case.due_at))
            .limit(BATCH * 4)
        ).all()
    return sum(
        1 for case_id in overdue if case_id is not None and _breach(engine, case_id, config, now)
    )


def realert_interval(sla: timedelta, alert: int) -> timedelta:
    """How long after its ``alert``-th overdue alert a still untouched case is alerted again:
    the level's SLA, doubling with each alert, at most a day (1 h, 2 h, 4 h … for critical)."""
    return min(sla * 2 ** (alert - 1), MAX_REALERT_INTERVAL)


def _breach(engine: Engine, case_id: int, config: JobConfig, now: datetime) -> bool:
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, case_id)
        if case is None or case.status != "new" or case.due_at > now:
            return False  # acted on, or another instance handled this breach already
        if case.sla_next_alert_at is not None and case.sla_next_alert_at > now:
            return False
        due = case.due_at
        alert = case.sla_breaches + 1
        key = f"{case_id}@{due.isoformat()}#{alert}"
        if not jobs.claim(session, job="sla_breach", key=key, now=now):
            session.rollback()
            return False
        before = Priority(case.priority)
        after = _ESCALATION[before]
        policy = load_policy(session)
        # due_at stays the deadline the case was given: the queue shows how late it is.
        case.priority = after.value
        case.sla_breaches = alert
        case.sla_next_alert_at = now + realert_interval(policy.due(now, after) - now, alert)
        case.updated_at = now
        session.add(case)
        overdue_minutes = int((now - due).total_seconds() // 60)
        data: dict[str, object] = {"alert": alert, "overdue_minutes": overdue_minutes}
        if after is not before:
            data.update({"from": before.value, "to": after.value})
        cases.record_event(session, case_id=case_id, kind="sla_breached", data=data)
        if config.staff_chat_id is not None:
            language = config.staff_language
            text = t(
                language,
                "jobs.sla_breach",
                reference=case.reference,
                alert=alert,
                priority=_priority_line(language, before, after),
                overdue=_duration(language, overdue_minutes),
                reasons=describe_reasons(language, [str(r.get("code")) for r in case.reasons]),
            )
            enqueue_reply(session, Reply(config.staff_chat_id, text, language))
        session.commit()
        log.info("SLA alert %d on case %s (%s -> %s)", alert, case.reference, before, after)
        return True


def _priority_line(language: str, before: Priority, after: Priority) -> str:
    if after is before:
        return t(language, "jobs.sla_priority", priority=_label(language, after))
    return t(
        language,
        "jobs.sla_priority_raised",
        before=_label(language, before),
        after=_label(language, after),
    )


def _duration(language: str, minutes: int) -> str:
    if minutes < 120:
        return t(language, "jobs.minutes", count=minutes)
    if minutes < 48 * 60:
        return t(language, "jobs.hours", count=minutes // 60)
    return t(language, "jobs.days", count=minutes // (24 * 60))


# --- daily digest ------------------------------------------------------------------------


def run_daily_digest(engine: Engine, config: JobConfig, *, now: datetime | None = None) -> bool:
    """Send the day's digest to the staff chat once, at or after the digest hour (local)."""
    now = now or utcnow()
    if config.staff_chat_id is None:
        return False
    with Session(engine, expire_on_commit=False) as session:
        local = now.astimezone(load_policy(session).zone)
        if local.hour < config.digest_hour:
            return False
        key = local.date().isoformat()
        if jobs.done(session, job="daily_digest", key=key):
            return False
        previous = jobs.last_run(session, job="daily_digest")
        # Since the last digest, so a day the service was down is not lost; at most a week.
        since = max(previous.at if previous else now - timedelta(days=1), now - timedelta(days=7))
        text = _digest_text(session, config.staff_language, key, since=since, now=now)
        if not jobs.claim(session, job="daily_digest", key=key, now=now):
            session.rollback()
            return False
        enqueue_reply(session, Reply(config.staff_chat_id, text, config.staff_language))
        session.commit()
        return True


def _by_priority(session: Session, *conditions: object) -> dict[str, int]:
    rows = session.exec(
        select(Case.priority, func.count())
        .where(*conditions, ~cases.folded_duplicate())  # type: ignore[arg-type]
        .group_by(col(Case.priority))
    ).all()
    counts = {p.value: 0 for p in Priority}
    counts.update({priority: int(n) for priority, n in rows})
    return counts


def _digest_text(
    session: Session, language: str, day: str, *, since: datetime, now: datetime
) -> str:
    new = _by_priority(session, col(Case.created_at) >= since)
    still_open = _by_priority(session, col(Case.status) != "closed")
    alerts = session.exec(
        select(CaseEvent.data).where(
            col(CaseEvent.kind) == "sla_breached", col(CaseEvent.at) >= since
        )
    ).all()
    # A breach is a case's first overdue alert; the reminders after it are not new breaches.
    breaches = sum(1 for data in alerts if (data or {}).get("alert", 1) == 1)
    overdue = session.exec(
        select(func.count())
        .select_from(Case)
        .where(col(Case.status) == "new", col(Case.due_at) <= now, ~cases.folded_duplicate())
    ).one()
    return t(
        language,
        "jobs.digest",
        date=day,
        new_total=sum(new.values()),
        new_critical=new["critical"],
        new_high=new["high"],
        new_normal=new["normal"],
        new_low=new["low"],
        open_total=sum(still_open.values()),
        open_critical=still_open["critical"],
        open_high=still_open["high"],
        open_normal=still_open["normal"],
        open_low=still_open["low"],
        breaches=int(breaches),
        overdue=int(overdue),
    )


# --- reporter status notices -------------------------------------------------------------


def run_status_notices(engine: Engine, config: JobConfig, *, now: datetime | None = None) -> int:
    """Tell reporters, in their language, when staff move their case on; returns how many
    notices were queued. Reports folded into a household follow its status."""
    del config  # the reporters' own chats and languages are on their rows
    now = now or utcnow()
    with Session(engine) as session:
        pending = session.exec(
            select(CaseEvent.id)
            .where(
                col(CaseEvent.kind) == "status_changed",
                col(CaseEvent.at) >= now - NOTICE_LOOKBACK,
                jobs.unclaimed("status_notice", col(CaseEvent.id)),
            )
            .order_by(col(CaseEvent.id))
            .limit(BATCH * 4)
        ).all()
    return sum(_notify(engine, event_id, now) for event_id in pending if event_id is not None)


def _notify(engine: Engine, event_id: int, now: datetime) -> int:
    with Session(engine, expire_on_commit=False) as session:
        event = session.get(CaseEvent, event_id)
        case = session.get(Case, event.case_id) if event else None
        if event is None or case is None:
            return 0
        if not jobs.claim(session, job="status_notice", key=str(event_id), now=now):
            session.rollback()
            return 0
        status = str((event.data or {}).get("to") or case.status)
        members = [case, *_folded_into(session, case)]
        for member in members[1:]:
            _follow(session, member, case, status, now)
        key = _NOTICES.get(status)
        sent = 0
        if key is not None and case.erased_at is None:
            for member in members:
                reporter = session.get(Reporter, member.reporter_id) if member.reporter_id else None
                if reporter is None or not reporter.reachable or not reporter.chat_id:
                    continue
                text = t(reporter.language, key, reference=member.reference)
                enqueue_reply(
                    session, Reply(reporter.chat_id, text, reporter.language, case_id=member.id)
                )
                sent += 1
        session.commit()
        return sent


def _folded_into(session: Session, primary: Case) -> list[Case]:
    return list(
        session.exec(
            select(Case).where(
                col(Case.duplicate_of) == primary.id, col(Case.duplicate_state) == CONFIRMED
            )
        ).all()
    )


def _follow(session: Session, member: Case, primary: Case, status: str, now: datetime) -> None:
    if member.status == status or member.id is None:
        return
    before = member.status
    member.status = status
    member.closed_at = now if status == "closed" else None
    if status == "closed" and member.outcome is None:
        member.outcome = "duplicate"
    member.updated_at = now
    session.add(member)
    cases.record_event(
        session,
        case_id=member.id,
        kind="status_followed",
        data={"from": before, "to": status, "primary": primary.reference},
    )


# --- retention ---------------------------------------------------------------------------


def run_retention(engine: Engine, config: JobConfig, *, now: datetime | None = None) -> int:
    """Once a day, erase personal data of cases closed longer than the retention period;
    returns the number of cases erased (the work is in ``storage.retention``)."""
    return retention.run_daily(
        engine,
        retention=config.retention,
        audit_retention=config.audit_retention,
        now=now,
        store=config.store,
    )
