"""The staff queue a page at a time: "after this case" (keyset) paging in queue order.

`queue_order` (storage.cases) sorts by expressions no index can hold: whether a case is
waiting for a first answer depends on the time of the request. Here the same order is cut
into segments that each are one index range: open cases waiting for a first answer, then
the other open cases, then closed cases; within each, one priority after the other; within
one priority, by due time, received time and id. A page reads the segments in order from
where its cursor points, each with a short index scan (ix_cases_queue for closed and new
cases, the partial ix_cases_open_queue for the other open ones), so the ten-thousandth
page costs what the first does, where an OFFSET reads and sorts every case before it.

A cursor carries the time its walk started: a case that becomes overdue while staff page
through the queue keeps its place for that walk, so every case appears exactly once.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, literal, tuple_
from sqlmodel import Session, col, select

from storage.cases import QueueFilter, folded_duplicate, list_queue
from storage.models import Case
from storage.types import UTCDateTime, utcnow
from triage import PRIORITY_RANK, Priority

PRIORITIES = tuple(p.value for p in sorted(PRIORITY_RANK, key=PRIORITY_RANK.__getitem__))


@dataclass(frozen=True)
class Segment:
    """One stretch of the queue: all of it open or closed, waiting or not, one priority."""

    closed: bool
    waiting: bool
    priority: str

    def holds(self, statuses: tuple[str, ...] | None, priority: str | None) -> bool:
        """Whether a listing filtered by these statuses and priority can have cases here."""
        if priority is not None and priority != self.priority:
            return False
        if statuses is None:
            return True
        if self.closed:
            return "closed" in statuses
        if self.waiting:
            return "new" in statuses
        open_ = {s for s in statuses if s != "closed"}
        return bool(open_ - {"new"}) or (bool(open_) and self.priority != Priority.CRITICAL)

    def where(self, now: datetime) -> ColumnElement[bool]:
        status, due = col(Case.status), col(Case.due_at)
        in_priority = col(Case.priority) == self.priority
        if self.closed:
            return and_(status == "closed", in_priority)
        # Written as `<> 'closed'` so that PostgreSQL uses the partial index on open cases.
        open_ = and_(status != "closed", in_priority)
        if self.priority == Priority.CRITICAL:
            new = status == "new"  # a new critical case is waiting however early it is
            return and_(open_, new if self.waiting else ~new)
        overdue = due <= _at(now)
        if self.waiting:
            return and_(open_, status == "new", overdue)
        return and_(open_, (status != "new") | ~overdue)


def _at(moment: datetime) -> Any:
    return literal(moment, type_=UTCDateTime())


# The queue's order, segment by segment: the SQL twin is storage.cases.queue_order.
SEGMENTS = (
    *(Segment(closed=False, waiting=True, priority=p) for p in PRIORITIES),
    *(Segment(closed=False, waiting=False, priority=p) for p in PRIORITIES),
    *(Segment(closed=True, waiting=False, priority=p) for p in PRIORITIES),
)


class BadCursor(ValueError):
    """An `after` value this server did not hand out (or one from a later version)."""


@dataclass(frozen=True)
class Position:
    """Where a page ended: the walk's time, the segment and the last case's sort keys."""

    now: datetime
    segment: int
    due_at: datetime
    created_at: datetime
    id: int

    def encode(self) -> str:
        fields = [
            self.now.isoformat(),
            self.segment,
            self.due_at.isoformat(),
            self.created_at.isoformat(),
            self.id,
        ]
        raw = json.dumps(fields, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> Position:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            now, segment, due_at, created_at, case_id = json.loads(raw)
            position = cls(
                now=_aware(now),
                segment=segment,
                due_at=_aware(due_at),
                created_at=_aware(created_at),
                id=case_id,
            )
        except (binascii.Error, UnicodeDecodeError, TypeError, ValueError) as error:
            raise BadCursor("not a cursor from this queue's `next`") from error
        if type(segment) is not int or not 0 <= segment < len(SEGMENTS):
            raise BadCursor("not a cursor from this queue's `next`")
        if type(case_id) is not int or not 0 < case_id < 2**31:
            raise BadCursor("not a cursor from this queue's `next`")
        return position


def _aware(value: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError("a time must be a string")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time without its zone")
    return moment.astimezone(UTC)


def segment_of(case: Case, now: datetime) -> int:
    """The index in SEGMENTS of the segment that holds `case` at `now`."""
    closed = case.status == "closed"
    waiting = (
        not closed
        and case.status == "new"
        and (case.priority == Priority.CRITICAL or case.due_at <= now)
    )
    for index, segment in enumerate(SEGMENTS):
        if (segment.closed, segment.waiting, segment.priority) == (closed, waiting, case.priority):
            return index
    raise ValueError(f"case {case.id} has a priority the queue does not know: {case.priority}")


def position_of(case: Case, now: datetime) -> Position:
    assert case.id is not None
    return Position(
        now=now,
        segment=segment_of(case, now),
        due_at=case.due_at,
        created_at=case.created_at,
        id=case.id,
    )


@dataclass(frozen=True)
class Page:
    cases: list[Case]
    next: Position | None  # None on the last page


def walk(
    session: Session,
    *,
    where: list[ColumnElement[bool]],
    statuses: tuple[str, ...] | None = None,
    priority: str | None = None,
    limit: int = 100,
    after: Position | None = None,
    now: datetime | None = None,
) -> Page:
    """Up to `limit` cases in queue order after `after` (from the start without it),
    among those matching `where`, `statuses` (None: all) and `priority` (None: all)."""
    now = after.now if after is not None else (now or utcnow())
    start = after.segment if after is not None else 0
    found: list[tuple[int, Case]] = []
    for index in range(start, len(SEGMENTS)):
        segment = SEGMENTS[index]
        if not segment.holds(statuses, priority):
            continue
        statement = select(Case).where(segment.where(now), *where)
        if statuses is not None:
            statement = statement.where(col(Case.status).in_(statuses))
        if after is not None and index == after.segment:
            statement = statement.where(
                tuple_(col(Case.due_at), col(Case.created_at), col(Case.id))
                > tuple_(_at(after.due_at), _at(after.created_at), literal(after.id))
            )
        wanted = limit + 1 - len(found)  # one more than the page: is there a next page?
        statement = statement.order_by(col(Case.due_at), col(Case.created_at), col(Case.id)).limit(
            wanted
        )
        found += [(index, case) for case in session.exec(statement).all()]
        if len(found) > limit:
            break
    page = [case for _, case in found[:limit]]
    if len(found) <= limit or not page:
        return Page(cases=page, next=None)
    index, last = found[limit - 1]
    assert last.id is not None
    return Page(
        cases=page,
        next=Position(
            now=now, segment=index, due_at=last.due_at, created_at=last.created_at, id=last.id
        ),
    )


def listing(
    session: Session,
    *,
    where: QueueFilter,
    after: Position | None = None,
    now: datetime | None = None,
) -> Page:
    """The staff API's queue: a page after `after`, or at `where.offset` (which reads every
    case before it, so kept for clients that page by offset)."""
    now = now or utcnow()
    if where.offset:
        rows = list_queue(session, where=replace(where, limit=where.limit + 1), now=now)
        more = len(rows) > where.limit
        rows = rows[: where.limit]
        return Page(cases=rows, next=position_of(rows[-1], now) if more else None)
    conditions: list[ColumnElement[bool]] = []
    if where.teams is not None:
        conditions.append(col(Case.team).in_(where.teams) | col(Case.team).is_(None))
    if not where.include_linked:
        conditions.append(~folded_duplicate())
    return walk(
        session,
        where=conditions,
        statuses=(where.status,) if where.status else None,
        priority=where.priority,
        limit=where.limit,
        after=after,
        now=now,
    )
