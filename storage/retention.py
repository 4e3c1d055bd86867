"""Erasing personal data of cases closed longer than the retention period.

Korean law keeps social-security information at most five years and personal data no
longer than needed. An expired case keeps its row, with only what statistics need
(reference, status, priority, score, source, outcome, team, times, reason codes, the
timeline's shape); everything that could identify someone is erased: message texts,
Telegram ids of files and messages, the address and coordinates, the reporter link,
the words behind reasons, free text in the history, staff and referral notes, the outbox
payloads. A reporter with nothing left is anonymised too.

Audit entries hold no report content and follow their own clock: Korean guidance keeps
access logs one to two years, so they are deleted after the audit retention period
(`SAGAK_AUDIT_RETENTION_DAYS`, two years by default, never under one).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage import attachments, jobs
from storage.attachment_store import AttachmentStore
from storage.models import (
    AuditEntry,
    Case,
    CaseEvent,
    CaseNote,
    InboxUpdate,
    Message,
    OutboxMessage,
    Referral,
    Reporter,
    VisitRequest,
    Volunteer,
)
from storage.policy import load_policy
from storage.types import utcnow

log = logging.getLogger(__name__)

DEFAULT_RETENTION = timedelta(days=1826)  # five years, leap day included
DEFAULT_AUDIT_RETENTION = timedelta(days=730)  # access logs: two years
MIN_AUDIT_RETENTION = timedelta(days=365)  # the law's floor for access logs
CLAIMS_KEPT = timedelta(days=90)  # job claims older than this can never come up again
# History keys that hold vocabulary, not people's words: kept for the statistics.
_KEPT_EVENT_KEYS = ("from", "to", "priority", "outcome", "state", "basis", "assignee")
BATCH = 200
AUDIT_BATCH = 5000


def expired_cases(session: Session, *, now: datetime, retention: timedelta) -> list[Case]:
    """Closed cases whose retention ran out and that still hold personal data."""
    statement = (
        select(Case)
        .where(
            col(Case.status) == "closed",
            col(Case.closed_at) <= now - retention,
            col(Case.erased_at).is_(None),
        )
        .order_by(col(Case.id))
        .limit(BATCH)
    )
    return list(session.exec(statement).all())


def erase_case(session: Session, *, case: Case, now: datetime) -> list[str]:
    """Remove the personal data of one case, keeping its statistics (caller commits);
    returns the attachment store keys to delete after the commit."""
    assert case.id is not None
    case_id = case.id
    session.execute(
        update(Message)
        .where(col(Message.case_id) == case_id)
        .values(text="", telegram_message_id=None, delivery_error=None)
    )
    freed = attachments.erase(session, case_id=case_id)
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.case_id) == case_id)
        .values(payload={}, chat_id=0, last_error=None)
    )
    session.execute(update(CaseNote).where(col(CaseNote.case_id) == case_id).values(text=""))
    session.execute(update(Referral).where(col(Referral.case_id) == case_id).values(note=""))
    # What staff told a volunteer about the household (often its address).
    session.execute(
        update(VisitRequest).where(col(VisitRequest.case_id) == case_id).values(details="")
    )
    for event in session.exec(select(CaseEvent).where(col(CaseEvent.case_id) == case_id)).all():
        event.data = _vocabulary_only(event.data)
        session.add(event)
    reporter_id = case.reporter_id
    case.summary = ""
    case.address = None
    case.address_key = None
    case.latitude = None
    case.longitude = None
    case.reporter_id = None
    case.reasons = [{"code": r.get("code"), "imminent": r.get("imminent")} for r in case.reasons]
    # The household answers (age band, disability) are personal too.
    case.facts = {}
    case.erased_at = now
    session.add(case)
    session.flush()
    if reporter_id is not None:
        _forget_reporter_if_done(session, reporter_id=reporter_id)
    return freed


def _vocabulary_only(data: dict[str, Any] | None) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key in _KEPT_EVENT_KEYS:
        value = (data or {}).get(key)
        if isinstance(value, str | int) and len(str(value)) <= 32:
            kept[key] = value
    return kept


def _forget_reporter_if_done(session: Session, *, reporter_id: int) -> None:
    """Anonymise a reporter with no case left holding their data (volunteers stay)."""
    if session.exec(select(Case.id).where(col(Case.reporter_id) == reporter_id)).first():
        return
    if session.exec(select(Volunteer.id).where(col(Volunteer.reporter_id) == reporter_id)).first():
        return
    reporter = session.get(Reporter, reporter_id)
    if reporter is None:
        return
    # The unique Telegram id becomes a negative placeholder: never a real user id.
    reporter.telegram_user_id = -reporter_id
    reporter.chat_id = 0
    reporter.state = "idle"
    reporter.open_case_id = None
    session.add(reporter)


def erase_expired(
    session: Session, *, now: datetime, retention: timedelta, freed: list[str] | None = None
) -> int:
    """Erase one batch of expired cases and old raw updates; returns the cases erased.
    The store keys of their files are added to ``freed``, to delete after the commit."""
    erased = 0
    for case in expired_cases(session, now=now, retention=retention):
        keys = erase_case(session, case=case, now=now)
        if freed is not None:
            freed.extend(keys)
        erased += 1
    # Raw Telegram updates repeat names and texts; once processed they are only a
    # redelivery guard, which Telegram does not need for years.
    session.execute(
        delete(InboxUpdate).where(
            col(InboxUpdate.status).in_(("processed", "ignored")),
            col(InboxUpdate.received_at) <= now - retention,
        )
    )
    return erased


def prune_audit(session: Session, *, now: datetime, keep: timedelta) -> int:
    """Delete one batch of audit entries older than `keep`; returns how many."""
    keep = max(keep, MIN_AUDIT_RETENTION)
    old = (
        select(AuditEntry.id)
        .where(col(AuditEntry.at) < now - keep)
        .order_by(col(AuditEntry.id))
        .limit(AUDIT_BATCH)
    )
    ids = list(session.exec(old).all())
    if ids:
        session.execute(delete(AuditEntry).where(col(AuditEntry.id).in_(ids)))
    return len(ids)


def anonymous_counts(session: Session, *, tz: tzinfo) -> Counter[tuple[str, ...]]:
    """Cases counted by (ISO week, priority, source, outcome, team): what stays after
    erasure, for yearly figures."""
    counts: Counter[tuple[str, ...]] = Counter()
    for case in session.exec(select(Case).execution_options(yield_per=500)):
        year, week, _ = case.created_at.astimezone(tz).isocalendar()
        key = (
            f"{year}-W{week:02d}",
            case.priority,
            case.source,
            case.outcome or "",
            case.team or "",
        )
        counts[key] += 1
    return counts


def run_daily(
    engine: Engine,
    *,
    retention: timedelta,
    audit_retention: timedelta = DEFAULT_AUDIT_RETENTION,
    now: datetime | None = None,
    store: AttachmentStore | None = None,
) -> int:
    """Once a day (claimed in ``job_runs``, so once across instances), erase expired cases
    and delete audit entries past ``audit_retention``; returns how many cases were erased.
    Claims older than ``CLAIMS_KEPT`` are pruned too. With a ``store``, the erased cases'
    files are deleted and files no row points at (left by a crash) are swept."""
    now = now or utcnow()
    freed: list[str] = []
    with Session(engine, expire_on_commit=False) as session:
        key = now.astimezone(load_policy(session).zone).date().isoformat()
        if not jobs.claim(session, job="retention", key=key, now=now):
            session.rollback()
            return 0
        batch = erase_expired(session, now=now, retention=retention, freed=freed)
        jobs.prune(session, older_than=CLAIMS_KEPT, now=now)
        session.commit()
    erased = batch
    _delete_freed(store, freed)
    # Later batches in their own short transactions: SQLite has one writer at a time.
    while batch == BATCH:
        with Session(engine, expire_on_commit=False) as session:
            batch = erase_expired(session, now=now, retention=retention, freed=freed)
            session.commit()
        erased += batch
        _delete_freed(store, freed)
    if erased:
        log.info("retention: erased personal data of %d closed cases", erased)
    pruned, batch = 0, AUDIT_BATCH
    while batch == AUDIT_BATCH:
        with Session(engine, expire_on_commit=False) as session:
            batch = prune_audit(session, now=now, keep=audit_retention)
            session.commit()
        pruned += batch
    if pruned:
        log.info("retention: deleted %d audit entries older than %s", pruned, audit_retention)
    if store is not None:
        with Session(engine) as session:
            swept = attachments.sweep_orphans(session, store, now=now)
        if swept:
            log.info("retention: deleted %d attachment files no case refers to", swept)
    return erased


def _delete_freed(store: AttachmentStore | None, freed: list[str]) -> None:
    """Files of erased cases, after the commit that erased them (the rows no longer point
    at them; without a store the orphan sweep of a later run deletes them)."""
    if store is not None:
        attachments.delete_files(store, freed)
    freed.clear()
