"""Everything the case page shows, gathered in one place from the repositories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from storage import cases, household_view, households, notes, reply_templates
from storage.access import can_access_case, can_assign, can_reassign, visible_teams
from storage.models import Attachment, Case, CaseEvent, Message, Reporter, Staff
from storage.queue_search import case_teams, staff_names
from storage.types import utcnow
from webhook.admin import labels, partner_view
from webhook.admin.auth import PageAuth
from webhook.admin.render import Clock, Translator
from webhook.admin.sla import sla_state
from webhook.admin.visit_view import case_visits

# Event details worth showing, in this order; the rest (ids, raw reasons) are noise.
_DETAIL_KEYS = ("assignee", "outcome", "priority", "partner", "service", "volunteer", "result")
# Shown as pictures on the page (the file route decides the same from the checked type).
INLINE_IMAGES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


@dataclass(frozen=True)
class TimelineEntry:
    message: Message
    attachments: list[Attachment]
    author: str  # a staff username for staff replies


def _event_details(data: dict[str, Any], _: Translator, references: dict[int, str]) -> list[str]:
    """What changed, in words: "new → in progress", the assignee, the reason, linked cases
    (``data`` as this staff member may see it: another team's case is left out)."""

    def shown(value: object) -> str:
        text = str(value)
        for group in labels.EVENT_VALUE_GROUPS:
            if text in group:
                return _(group[text])
        return text

    details = []
    if data.get("from") is not None or data.get("to") is not None:
        details.append(f"{shown(data.get('from') or '–')} → {shown(data.get('to') or '–')}")
    for key in _DETAIL_KEYS:
        value = data.get(key)
        if value not in (None, "") and not isinstance(value, (dict, list)):
            details.append(shown(value))
    if data.get("reason"):
        details.append(f"“{data['reason']}”")
    for key in household_view.CASE_KEYS:
        if isinstance(data.get(key), int) and data[key] in references:
            details.append(references[data[key]])
    if data.get("other_team"):
        details.append(_("admin.case.other_team_report"))
    return details


def _page_view(seen: household_view.SeenCase, _: Translator) -> household_view.SeenCase:
    """The reasons as the page lists them: another team's report by name, without words."""
    reasons = [
        {**reason, "matched": _("admin.case.other_team_report")}
        if reason.get("code") == household_view.OTHER_TEAM_REPORT
        else reason
        for reason in seen.reasons
    ]
    return household_view.SeenCase(reasons, seen.reporters_count, seen.duplicate_of)


def _linked_ids(events: list[CaseEvent]) -> set[int]:
    found = set()
    for event in events:
        for key in household_view.CASE_KEYS:
            value = (event.data or {}).get(key)
            if isinstance(value, int):
                found.add(value)
    return found


def facts_view(facts: dict[str, Any], _: Translator) -> list[tuple[str, str]]:
    """The reporter's answers as (question, answer) lines in the page's language."""
    lines = [(_(key), "✓") for name, key in labels.FACT_FLAGS.items() if facts.get(name) is True]
    for name, (key, values) in labels.FACT_FIELDS.items():
        raw = facts.get(name)
        chosen = raw if isinstance(raw, list) else [raw] if raw else []
        shown = [_(values[v]) if v in values else str(v) for v in chosen]
        if shown:
            lines.append((_(key), ", ".join(shown)))
    return lines


def reporter_contact(reporter: Reporter | None) -> str | None:
    """The reporter's phone, only when they agreed to be contacted directly; otherwise None
    (staff talk to them through the relay and never see their Telegram identity)."""
    if reporter is None or not reporter.contact_consent:
        return None
    return reporter.phone or None


def _reporter_state(reporter: Reporter | None, case: Case) -> str:
    if reporter is None or reporter.forgotten_at is not None:
        return "forgotten"
    if case.reporter_unreachable or not reporter.reachable:
        return "unreachable"
    return "reachable"


def assignable_staff(session: Session, actor: Staff, case: Case) -> list[Staff]:
    """The active accounts `actor` may give this case to."""
    everyone = session.exec(
        select(Staff).where(col(Staff.active)).order_by(col(Staff.username))
    ).all()
    return [s for s in everyone if can_assign(actor, case, s)]


def case_page_context(session: Session, auth: PageAuth, case: Case) -> dict[str, Any]:
    """The case page's data: timeline, place, triage, duplicates, notes, history, choices."""
    assert case.id is not None
    _ = Translator(auth.language)
    messages = cases.timeline(session, case_id=case.id)
    files: dict[int, list[Attachment]] = {}
    for attachment in cases.attachments(session, case_id=case.id):
        files.setdefault(attachment.message_id, []).append(attachment)
    events = cases.events(session, case_id=case.id)
    case_notes = notes.notes_for_case(session, case_id=case.id)
    people = (
        {m.staff_id for m in messages if m.staff_id}
        | {e.staff_id for e in events if e.staff_id}
        | {n.staff_id for n in case_notes if n.staff_id}
        | ({case.assignee_id} if case.assignee_id else set())
    )
    names = staff_names(session, people)
    primary, *linked = households.household(session, case=case)
    seen, event_data = household_view.seen_case(session, auth.staff, case, events)
    related = [c for c in [primary, *linked] if c.id != case.id and can_access_case(auth.staff, c)]
    referenced = _linked_ids(events) | {c.id for c in related if c.id}
    references = {
        c.id: c.reference
        for c in session.exec(select(Case).where(col(Case.id).in_(referenced))).all()
        if c.id is not None and can_access_case(auth.staff, c)
    }
    reporter = session.get(Reporter, case.reporter_id) if case.reporter_id else None
    language = reporter.language if reporter else auth.language
    visible = visible_teams(auth.staff)
    sla, sla_text = sla_state(case, Clock(auth.zone, utcnow()), _)
    return {
        "case": case,
        # The household's reasons and reporters as this staff member may see them.
        "seen": _page_view(seen, _),
        "sla": sla,
        "sla_text": sla_text,
        "timeline": [
            TimelineEntry(m, files.get(m.id or 0, []), names.get(m.staff_id or 0, ""))
            for m in messages
        ],
        "contact": reporter_contact(reporter),
        "reporter_language": language,
        "facts": facts_view(case.facts or {}, _),
        # Never the Reporter row itself: the template must not be able to print identity.
        "reporter_state": _reporter_state(reporter, case),
        "primary": primary
        if primary.id != case.id and can_access_case(auth.staff, primary)
        else None,
        "related": related,
        "notes": [(n, names.get(n.staff_id or 0, "")) for n in case_notes],
        "history": [
            (e, names.get(e.staff_id or 0, ""), _event_details(data, _, references))
            for e, data in zip(events, event_data, strict=True)
        ],
        "assignee": names.get(case.assignee_id or 0, ""),
        "assignable": assignable_staff(session, auth.staff, case),
        "can_reassign": can_reassign(auth.staff),
        "teams": [t for t in case_teams(session) if visible is None or t in visible],
        "templates": reply_templates.list_templates(session, language=language),
        "statuses": cases.STATUSES,
        "outcomes": cases.OUTCOMES,
        "priorities": tuple(labels.PRIORITY),
        "inline_images": INLINE_IMAGES,
        "referrals": partner_view.case_referrals(session, auth, case),
        "visits": case_visits(session, case),
    }
