"""Catalog keys for the values staff see (priority, status, outcome, ...).

Spelled out key by key so the catalog test can see each one is used.
"""

from __future__ import annotations

from bot.answers import SEEN_ANSWERS, SIGN_ANSWERS
from storage.partners import SERVICE_LABELS
from storage.referrals import RESULT_LABELS

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
    "unknown": "admin.delivery.unknown",
    "waiting": "admin.delivery.waiting",
    "announced": "admin.delivery.announced",
    "nudged": "admin.delivery.nudged",
}
CHANNEL = {
    "telegram": "admin.channel.telegram",
    "kakao": "admin.channel.kakao",
}
# How a delivered message reached the reporter (storage.channels.DeliveryRoute).
DELIVERY_ROUTE = {
    "telegram": "admin.route.telegram",
    "kakao_answer": "admin.route.kakao_answer",
    "kakao_event": "admin.route.kakao_event",
}
AUTHOR = {
    "reporter": "admin.author.reporter",
    "bot": "admin.author.bot",
    "staff": "admin.author.staff",
    "volunteer": "volunteers.author",
}
MESSAGE_KIND = {
    "photo": "admin.kind.photo",
    "location": "admin.kind.location",
    "voice": "admin.kind.voice",
    "video": "admin.kind.video",
    "document": "admin.kind.document",
    "contact": "admin.kind.contact",
    "edit": "admin.kind.edit",
    "visit_report": "volunteers.kind.visit_report",
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
    "visit_requested": "volunteers.event.visit_requested",
    "visit_accepted": "volunteers.event.visit_accepted",
    "visit_declined": "volunteers.event.visit_declined",
    "visit_reported": "volunteers.event.visit_reported",
    "visit_note_added": "volunteers.event.visit_note_added",
    "visit_reminded": "volunteers.event.visit_reminded",
    "visit_unanswered": "volunteers.event.visit_unanswered",
    "visit_cancelled": "volunteers.event.visit_cancelled",
    "referral_made": "partners.event.referral_made",
    "referral_result": "partners.event.referral_result",
    "danger_answered": "admin.event.danger_answered",
    "contact_consent": "admin.event.contact_consent",
    "priority_lowered": "admin.event.priority_lowered",
    "sla_breached": "admin.event.sla_breached",
    "status_followed": "admin.event.status_followed",
}
VISIT_STATUS = {
    "pending": "volunteers.visit_status.pending",
    "accepted": "volunteers.visit_status.accepted",
    "declined": "volunteers.visit_status.declined",
    "reported": "volunteers.visit_status.reported",
    "cancelled": "volunteers.visit_status.cancelled",
}
VISIT_RESULT = {
    "fine": "visit.result_fine",
    "needs_help": "visit.result_needs_help",
    "no_answer": "visit.result_no_answer",
}
# What staff did, as the audit page names it; an action not listed here is shown as its code.
AUDIT_ACTION = {
    "attachment_viewed": "admin.audit_action.attachment_viewed",
    "audit_exported": "admin.audit_action.audit_exported",
    "audit_viewed": "admin.audit_action.audit_viewed",
    "case_merged": "admin.audit_action.case_merged",
    "case_split": "admin.audit_action.case_split",
    "case_updated": "admin.audit_action.case_updated",
    "case_viewed": "admin.audit_action.case_viewed",
    "demo_seeded": "admin.audit_action.demo_seeded",
    "duplicate_confirmed": "admin.audit_action.duplicate_confirmed",
    "household_viewed": "admin.audit_action.household_viewed",
    "login": "admin.audit_action.login",
    "login_failed": "admin.audit_action.login_failed",
    "login_throttled": "admin.audit_action.login_throttled",
    "logout": "admin.audit_action.logout",
    "note_added": "admin.audit_action.note_added",
    "partners_imported": "admin.audit_action.partners_imported",
    "password_reset": "admin.audit_action.password_reset",
    "queue_viewed": "admin.audit_action.queue_viewed",
    "referral_recorded": "admin.audit_action.referral_recorded",
    "referral_result_set": "admin.audit_action.referral_result_set",
    "reply_sent": "admin.audit_action.reply_sent",
    "reporter_forgotten": "admin.audit_action.reporter_forgotten",
    "sessions_ended": "admin.audit_action.sessions_ended",
    "staff_changed": "admin.audit_action.staff_changed",
    "staff_created": "admin.audit_action.staff_created",
    "staff_disabled": "admin.audit_action.staff_disabled",
    "staff_enabled": "admin.audit_action.staff_enabled",
    "staff_unlocked": "admin.audit_action.staff_unlocked",
    "stats_exported": "admin.audit_action.stats_exported",
    "template_created": "admin.audit_action.template_created",
    "template_retired": "admin.audit_action.template_retired",
    "token_issued": "admin.audit_action.token_issued",
    "token_revoked": "admin.audit_action.token_revoked",
    "visit_requested": "admin.audit_action.visit_requested",
    "volunteer_enabled": "admin.audit_action.volunteer_enabled",
    "volunteer_invited": "admin.audit_action.volunteer_invited",
    "volunteers_viewed": "admin.audit_action.volunteers_viewed",
}
# Values of history-event details that are themselves labelled values.
EVENT_VALUE_GROUPS = (PRIORITY, STATUS, OUTCOME, SERVICE_LABELS, RESULT_LABELS, VISIT_RESULT)

GROUPS = {
    "priority": PRIORITY,
    "status": STATUS_FILTER,
    "outcome": OUTCOME,
    "source": SOURCE,
    "role": ROLE,
    "delivery": DELIVERY,
    "delivery_route": DELIVERY_ROUTE,
    "channel": CHANNEL,
    "author": AUTHOR,
    "kind": MESSAGE_KIND,
    "event": EVENT,
    "service": SERVICE_LABELS,
    "referral_result": RESULT_LABELS,
    "visit_status": VISIT_STATUS,
    "visit_result": VISIT_RESULT,
    "audit_action": AUDIT_ACTION,
}


def label_key(group: str, value: str | None) -> str | None:
    """The catalog key for `value` in `group`, or None when it has no label (shown as is)."""
    if value is None:
        return None
    return GROUPS[group].get(value)


# The reporter's structured answers (case.facts): which ones, and their values.
FACT_FLAGS = {
    "self_crisis": "admin.fact.self_crisis",
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
DANGER = {
    "yes": "admin.fact.danger_yes",
    "no": "admin.fact.danger_no",
    "unsure": "admin.fact.danger_unsure",
}
FACT_FIELDS = {
    "danger_now": ("admin.fact.danger_now", DANGER),
    "age_band": ("admin.fact.age_band", AGE_BAND),
    "crisis_types": ("admin.fact.crisis_types", CRISIS),
    "reporter_urgency": ("admin.fact.reporter_urgency", URGENCY),
    "signs": ("volunteers.fact.signs", SIGN_ANSWERS),
    "seen": ("volunteers.fact.seen", SEEN_ANSWERS),
    "visit_result": ("volunteers.fact.visit_result", VISIT_RESULT),
}
