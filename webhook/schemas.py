"""What the staff API returns: public views of cases and messages, never reporter identity."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from storage import life_at_risk
from storage.household_view import SeenCase
from storage.models import Attachment, Case, CaseEvent, Message

Priority = Literal["critical", "high", "normal", "low"]
Status = Literal["new", "in_progress", "help_arranged", "closed"]
Outcome = Literal[
    "visited", "public_benefit", "partner_referral", "no_need", "unreachable", "duplicate"
]


class CaseSummary(BaseModel):
    id: int
    reference: str
    status: str
    priority: str
    score: int
    source: str
    team: str | None
    assignee: str | None
    created_at: datetime
    due_at: datetime
    summary: str
    reasons: list[dict[str, Any]]
    reporter_unreachable: bool
    # triage and queue (issue 4): the household's reporters and its duplicate link.
    reporters_count: int = 1
    duplicate_of: int | None = None
    duplicate_state: str | None = None
    sla_breaches: int = 0
    # safety net (issue 11): what the reporter said about a danger to life.
    self_crisis: bool = False  # the reporter is the person at risk
    danger_answer: str | None = None  # "yes" | "no" | "unsure" to "a life in danger now?"
    needs_review: bool = False  # "unsure" and not yet in progress: look soon

    @classmethod
    def of(cls, case: Case, assignee: str | None, seen: SeenCase | None = None) -> CaseSummary:
        """The case's summary; ``seen`` is how its household looks to the staff member asking
        (storage.household_view), without which the stored values show."""
        assert case.id is not None
        seen = seen or SeenCase(case.reasons, case.reporters_count, case.duplicate_of)
        return cls(
            reporters_count=seen.reporters_count,
            duplicate_of=seen.duplicate_of,
            duplicate_state=case.duplicate_state,
            sla_breaches=case.sla_breaches,
            self_crisis=life_at_risk.is_self_crisis(case),
            danger_answer=life_at_risk.danger_answer(case),
            needs_review=life_at_risk.needs_review(case),
            id=case.id,
            reference=case.reference,
            status=case.status,
            priority=case.priority,
            score=case.score,
            source=case.source,
            team=case.team,
            assignee=assignee,
            created_at=case.created_at,
            due_at=case.due_at,
            summary=case.summary,
            reasons=seen.reasons,
            reporter_unreachable=case.reporter_unreachable,
        )


class MessageOut(BaseModel):
    id: int
    direction: str
    author: str
    kind: str
    text: str
    at: datetime
    delivery: str | None
    delivery_error: str | None
    delivered_at: datetime | None

    @classmethod
    def of(cls, message: Message) -> MessageOut:
        assert message.id is not None
        return cls(
            id=message.id,
            direction=message.direction,
            author=message.author,
            kind=message.kind,
            text=message.text,
            at=message.created_at,
            delivery=message.delivery,
            delivery_error=message.delivery_error,
            delivered_at=message.delivered_at,
        )


class AttachmentOut(BaseModel):
    id: int
    kind: str
    message_id: int
    mime_type: str | None  # what the sender claimed
    content_type: str | None  # what the bytes are (set once kept)
    size: int | None
    at: datetime
    # stored | pending | remote | refused | failed | erased (docs/operations.md)
    status: str
    refused_reason: str | None  # too_large | unknown_type
    url: str  # GET it with the same token for the bytes

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        assert attachment.id is not None
        return cls(
            id=attachment.id,
            kind=attachment.kind,
            message_id=attachment.message_id,
            mime_type=attachment.mime_type,
            content_type=attachment.content_type,
            size=attachment.size,
            at=attachment.created_at,
            status=attachment.status,
            refused_reason=attachment.refused_reason,
            url=f"/api/cases/{attachment.case_id}/attachments/{attachment.id}",
        )


class Location(BaseModel):
    latitude: float | None
    longitude: float | None
    address: str | None


class EventOut(BaseModel):
    kind: str
    at: datetime
    staff: str | None
    data: dict[str, Any]


class VisitOut(BaseModel):
    """A visit request on the case: whom staff asked, and what came of it."""

    id: int
    volunteer_id: int
    volunteer: str
    status: str
    result: str | None
    details: str
    created_at: datetime
    reported_at: datetime | None
    unanswered: bool  # the scheduler flagged it to staff


class CaseDetail(CaseSummary):
    outcome: str | None
    location: Location | None
    messages: list[MessageOut]
    attachments: list[AttachmentOut]
    events: list[EventOut]
    # volunteers (issue 6)
    visit_requests: list[VisitOut] = []


class CaseList(BaseModel):
    items: list[CaseSummary]


class ReplyIn(BaseModel):
    text: str = Field(min_length=1, max_length=3500)


class ReplyAccepted(BaseModel):
    message: MessageOut


class CasePatch(BaseModel):
    model_config = {"extra": "forbid"}

    status: Status | None = None
    priority: Priority | None = None
    assignee: str | None = None
    outcome: Outcome | None = None
    reason: str | None = Field(default=None, max_length=500)


def event_out(
    event: CaseEvent, staff_names: dict[int, str], data: dict[str, Any] | None = None
) -> EventOut:
    """The event; ``data`` as the staff member asking may see it (storage.household_view)."""
    return EventOut(
        kind=event.kind,
        at=event.at,
        staff=staff_names.get(event.staff_id) if event.staff_id else None,
        data=event.data if data is None else data,
    )
