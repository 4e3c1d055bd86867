"""An audit entry's details in the supervisor's words: "역할: 관리자 · 팀: 동부".

The audit log keeps details as JSON with stable keys and codes, and the CSV export gives
them as they are; the audit page names each key and the values that have a label. A key
without a name here (a new action's detail) is shown as it is, never hidden.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from webhook.admin import labels

Translate = Callable[..., str]

FIELDS = {
    "username": "admin.audit.field.username",
    "role": "admin.audit.field.role",
    "team": "admin.audit.field.team",
    "name": "admin.audit.field.name",
    "title": "admin.audit.field.title",
    "why": "admin.audit.field.why",
    "reason": "admin.audit.field.reason",
    "code": "admin.audit.field.code",
    "message": "admin.audit.field.message",
    "count": "admin.audit.field.count",
    "rows": "admin.audit.field.count",
    "limit": "admin.audit.field.limit",
    "weeks": "admin.audit.field.weeks",
    "sessions_ended": "admin.audit.field.sessions_ended",
    "failures_cleared": "admin.audit.field.failures_cleared",
    "status": "admin.audit.field.status",
    "priority": "admin.audit.field.priority",
    "outcome": "admin.audit.field.outcome",
    "assignee": "admin.audit.field.assignee",
    "service": "admin.audit.field.service",
    "result": "admin.audit.field.result",
    "kind": "admin.audit.field.kind",
    "action": "admin.audit.field.action",
    "actor": "admin.audit.field.actor",
    "reference": "admin.audit.field.reference",
    "since": "admin.audit.field.since",
    "until": "admin.audit.field.until",
    "q": "admin.audit.field.search",
    "mine": "admin.audit.field.mine",
    "unassigned": "admin.audit.field.unassigned",
    "from": "admin.audit.field.from",
    "to": "admin.audit.field.to",
    "into": "admin.audit.field.into",
    "primary": "admin.audit.field.primary",
    "case_ids": "admin.audit.field.case_ids",
    "attachment_id": "admin.audit.field.attachment",
    "invite_id": "admin.audit.field.invite",
    "note_id": "admin.audit.field.note",
    "partner_id": "admin.audit.field.partner",
    "referral_id": "admin.audit.field.referral",
    "reporter_id": "admin.audit.field.reporter",
    "template_id": "admin.audit.field.template",
    "token_id": "admin.audit.field.token",
    "visit_request_id": "admin.audit.field.visit_request",
    "volunteer_id": "admin.audit.field.volunteer",
}

# Which label group names a key's values ("critical" -> "긴급").
VALUES = {
    "role": labels.ROLE,
    "status": labels.STATUS_FILTER,
    "priority": labels.PRIORITY,
    "outcome": labels.OUTCOME,
    "service": labels.SERVICE_LABELS,
    "result": {**labels.RESULT_LABELS, **labels.VISIT_RESULT},
    "kind": labels.MESSAGE_KIND,
    "action": labels.AUDIT_ACTION,
}


def _value(key: str, value: object, _: Translate) -> str:
    if isinstance(value, list):
        return ", ".join(_value(key, item, _) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return _("admin.audit.yes") if value else _("admin.audit.no")
    text = str(value)
    label = VALUES.get(key, {}).get(text)
    return _(label) if label else text


def detail_words(detail: dict[str, object] | None, _: Translate) -> list[tuple[str, str]]:
    """(name, value) pairs in the order the details were recorded; empty values left out."""
    pairs = []
    for key, value in (detail or {}).items():
        if value in (None, "", [], {}):
            continue
        name = FIELDS.get(key)
        pairs.append((_(name) if name else key, _value(key, value, _)))
    return pairs
