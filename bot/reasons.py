"""Why triage chose a priority, in words staff read: "no heating in cold weather", "난방 없음".

The API keeps the stable codes (``case.reasons[].code``); pages and staff-chat alerts show
these labels in the staff's language. A code without a label (a new triage signal not yet
written here) is shown as the code itself, never hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.catalog import t

# Every code in triage.signals.SIGNALS, and the floors of storage.life_at_risk. Spelled out
# key by key so the catalog test sees each label is used.
REASON_LABELS = {
    "suicide_means": "reason.suicide_means",
    "possible_death": "reason.possible_death",
    "suicide_risk": "reason.suicide_risk",
    "collapse": "reason.collapse",
    "emergency_call": "reason.emergency_call",
    "child_abuse": "reason.child_abuse",
    "fire": "reason.fire",
    "fall_risk": "reason.fall_risk",
    "violence": "reason.violence",
    "vulnerable_in_danger": "reason.vulnerable_in_danger",
    "child_hunger": "reason.child_hunger",
    "no_food": "reason.no_food",
    "utilities_cut": "reason.utilities_cut",
    "eviction": "reason.eviction",
    "homeless": "reason.homeless",
    "child_alone": "reason.child_alone",
    "no_heating": "reason.no_heating",
    "not_seen": "reason.not_seen",
    "unreachable": "reason.unreachable",
    "visit_needs_help": "reason.visit_needs_help",
    "danger_word": "reason.danger_word",
    "arrears": "reason.arrears",
    "earner_loss": "reason.earner_loss",
    "health": "reason.health",
    "job_loss": "reason.job_loss",
    "no_income": "reason.no_income",
    "no_answer": "reason.no_answer",
    "mail_piling": "reason.mail_piling",
    "debt": "reason.debt",
    "isolation": "reason.isolation",
    "elderly_alone": "reason.elderly_alone",
    "disability": "reason.disability",
    "hoarding": "reason.hoarding",
    "child_neglect": "reason.child_neglect",
    "lights_off": "reason.lights_off",
    "bad_smell": "reason.bad_smell",
    "flies": "reason.flies",
    "tv_on": "reason.tv_on",
    "pet_distress": "reason.pet_distress",
    "fall": "reason.fall",
    "family_conflict": "reason.family_conflict",
    "single_parent": "reason.single_parent",
    "crisis_type": "reason.crisis_type",
    "noise_complaint": "reason.noise_complaint",
    "farewell": "reason.farewell",
    "resolved": "reason.resolved",
    "spam": "reason.spam",
    "volunteer_report": "reason.volunteer_report",
    "several_reporters": "reason.several_reporters",
    "reporter_urgency": "reason.reporter_urgency",
    "model_risk": "reason.model_risk",
    "self_crisis": "reason.self_crisis",
    "reporter_says_danger": "reason.reporter_says_danger",
    "reporter_unsure_danger": "reason.reporter_unsure_danger",
    # What a staff member sees of a household's reason from a report they may not see
    # (storage.household_view).
    "other_team_report": "admin.case.other_team_report",
}

_PRIORITY_LABELS = {
    "critical": "jobs.priority.critical",
    "high": "jobs.priority.high",
    "normal": "jobs.priority.normal",
    "low": "jobs.priority.low",
}


def reason_label(language: str, code: str) -> str:
    """A reason code in words; the code itself when it has no label."""
    key = REASON_LABELS.get(code)
    return t(language, key) if key else code


def describe_reasons(language: str, codes: Iterable[str]) -> str:
    """Reasons on one line, most important first (the order triage gives), each once."""
    return ", ".join(reason_label(language, code) for code in dict.fromkeys(codes)) or "-"


def priority_label(language: str, priority: str) -> str:
    key = _PRIORITY_LABELS.get(priority)
    return t(language, key) if key else priority
