"""Catalog keys for the values staff see (priority, status, outcome, ...).

Spelled out key by key so the catalog test can see each one is used.
"""

from __future__ import annotations

PRIORITY = {
    "critical": "admin.priority.critical",
    "high": "admin.priority.high",
    "normal": "admin.priority.normal",
    "low": "admin.priority.low",
}
STATUS = {
    "new": "admin.status.new",
    "in_progress": "admin.status.in_progress",
    "help_arranged": "admin.status.help_arranged",
    "closed": "admin.status.closed",
}
STATUS_FILTER = {
    "open": "admin.status.open",
    **STATUS,
    "all": "admin.status.all",
}
OUTCOME = {
    "visited": "admin.outcome.visited",
    "public_benefit": "admin.outcome.public_benefit",
    "partner_referral": "admin.outcome.partner_referral",
    "no_need": "admin.outcome.no_need",
    "unreachable": "admin.outcome.unreachable",
    "duplicate": "admin.outcome.duplicate",
}
SOURCE = {
    "resident": "admin.source.resident",
    "volunteer": "admin.source.volunteer",
}
ROLE = {
    "staff": "admin.role.staff",
    "supervisor": "admin.role.supervisor",
    "admin": "admin.role.admin",
}
DELIVERY = {
    "pending": "admin.delivery.pending",
    "sent": "admin.delivery.sent",
    "failed": "admin.delivery.failed",
    "undeliverable": "admin.delivery.undeliverable",
}
AUTHOR = {
    "reporter": "admin.author.reporter",
    "bot": "admin.author.bot",
    "staff": "admin.author.staff",
}
MESSAGE_KIND = {
    "photo": "admin.kind.photo",
    "location": "admin.kind.location",
    "voice": "admin.kind.voice",
    "video": "admin.kind.video",
    "document": "admin.kind.document",
    "contact": "admin.kind.contact",
    "edit": "admin.kind.edit",
}
EVENT = {
    "created": "admin.event.created",
    "priority_raised": "admin.event.priority_raised",
    "priority_changed": "admin.event.priority_changed",
    "triage_suggests": "admin.event.triage_suggests",
    "location_added": "admin.event.location_added",
    "facts_updated": "admin.event.facts_updated",
    "message_edited": "admin.event.message_edited",
    "staff_alerted": "admin.event.staff_alerted",
    "reply_sent": "admin.event.reply_sent",
    "assigned": "admin.event.assigned",
    "outcome_set": "admin.event.outcome_set",
    "status_changed": "admin.event.status_changed",
    "team_changed": "admin.event.team_changed",
    "reporter_unreachable": "admin.event.reporter_unreachable",
    "reporter_reachable": "admin.event.reporter_reachable",
    "reporter_forgotten": "admin.event.reporter_forgotten",
    "linked_as_duplicate": "admin.event.linked_as_duplicate",
    "duplicate_linked": "admin.event.duplicate_linked",
    "duplicate_confirmed": "admin.event.duplicate_confirmed",
    "split_from": "admin.event.split_from",
    "split_off": "admin.event.split_off",
    "duplicate_split": "admin.event.duplicate_split",
}
# Values of history-event details that are themselves labelled values.
EVENT_VALUE_GROUPS = (PRIORITY, STATUS, OUTCOME)

GROUPS = {
    "priority": PRIORITY,
    "status": STATUS_FILTER,
    "outcome": OUTCOME,
    "source": SOURCE,
    "role": ROLE,
    "delivery": DELIVERY,
    "author": AUTHOR,
    "kind": MESSAGE_KIND,
    "event": EVENT,
}


def label_key(group: str, value: str | None) -> str | None:
    """The catalog key for `value` in `group`, or None when it has no label (shown as is)."""
    if value is None:
        return None
    return GROUPS[group].get(value)


# The reporter's structured answers (case.facts): which ones, and their values.
FACT_FLAGS = {
    "lives_alone": "admin.fact.lives_alone",
    "children": "admin.fact.children",
    "disability": "admin.fact.disability",
    "elderly": "admin.fact.elderly",
}
AGE_BAND = {
    "child": "admin.fact.age_child",
    "youth": "admin.fact.age_youth",
    "adult": "admin.fact.age_adult",
    "elderly": "admin.fact.age_elderly",
}
CRISIS = {
    "livelihood": "admin.fact.crisis_livelihood",
    "care": "admin.fact.crisis_care",
    "health": "admin.fact.crisis_health",
    "housing": "admin.fact.crisis_housing",
    "work": "admin.fact.crisis_work",
}
URGENCY = {
    "now": "admin.fact.urgency_now",
    "today": "admin.fact.urgency_today",
    "soon": "admin.fact.urgency_soon",
    "unsure": "admin.fact.urgency_unsure",
}
FACT_FIELDS = {
    "age_band": ("admin.fact.age_band", AGE_BAND),
    "crisis_types": ("admin.fact.crisis_types", CRISIS),
    "reporter_urgency": ("admin.fact.reporter_urgency", URGENCY),
}
