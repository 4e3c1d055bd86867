"""Reading the audit trail back: the supervisors' page and its CSV export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.models import AuditEntry

EXPORT_BATCH = 1000


@dataclass(frozen=True)
class AuditQuery:
    """Which entries to read, newest first."""

    actor: str | None = None
    action: str | None = None
    case_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0
    before_id: int | None = None


def _filtered(query: AuditQuery) -> Any:
    statement = select(AuditEntry)
    if query.actor:
        statement = statement.where(col(AuditEntry.actor) == query.actor)
    if query.action:
        statement = statement.where(col(AuditEntry.action) == query.action)
    if query.case_id is not None:
        statement = statement.where(col(AuditEntry.case_id) == query.case_id)
    if query.since is not None:
        statement = statement.where(col(AuditEntry.at) >= query.since)
    if query.until is not None:
        statement = statement.where(col(AuditEntry.at) < query.until)
    if query.before_id is not None:
        statement = statement.where(col(AuditEntry.id) < query.before_id)
    return statement.order_by(col(AuditEntry.id).desc())


def search_audit(session: Session, *, query: AuditQuery) -> list[AuditEntry]:
    """One page of entries matching `query`."""
    statement = _filtered(query).limit(query.limit).offset(query.offset)
    return list(session.exec(statement).all())


def iter_audit(session: Session, *, query: AuditQuery) -> Iterator[AuditEntry]:
    """Every entry matching `query`, read in batches by id so new entries cannot shift them."""
    before_id = query.before_id
    while True:
        batch = search_audit(
            session, query=replace(query, limit=EXPORT_BATCH, offset=0, before_id=before_id)
        )
        yield from batch
        if len(batch) < EXPORT_BATCH:
            return
        before_id = batch[-1].id


def known_actions(session: Session) -> list[str]:
    """Every action name in the trail, for the filter."""
    rows = session.exec(select(AuditEntry.action).distinct()).all()
    return sorted(rows)


def known_actors(session: Session) -> list[str]:
    """Every actor in the trail, for the filter."""
    rows = session.exec(select(AuditEntry.actor).distinct()).all()
    return sorted(rows)
