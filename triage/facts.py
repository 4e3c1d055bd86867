"""Structured answers about a report (household, urgency, who reported) as triage evidence.

The conversation asks skippable questions after the free text; their answers and the case's
provenance arrive here as a plain mapping, so triage stays free of storage types. Every key
is optional and unknown keys are ignored:

- ``lives_alone``, ``children``, ``disability``, ``elderly``: bool
- ``age_band``: "child", "youth", "adult" or "elderly"
- ``crisis_types``: the national app's categories ("livelihood", "care", "health",
  "housing", "work"), any other string is kept as the reporter wrote it
- ``reporter_urgency``: "now", "today", "soon" or "unsure"
- ``source``: "volunteer" or "resident"
- ``reporters``: how many different people reported the same household
- ``signs``: codes from ``OBSERVABLE_SIGNS`` a volunteer ticked on the field-tip checklist
- ``visit_result``: what a volunteer found when staff asked them to look in
  ("fine", "needs_help" or "no_answer")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Weights and bonuses on the same 0-100 scale as ``signals.SIGNALS``.
CRISIS_TYPE_WEIGHT = 30  # the reporter named a kind of crisis: someone should check
VOLUNTEER_BONUS = 10  # field tips from appointed volunteers are more reliable
EXTRA_REPORTER_BONUS = 8  # each further independent reporter, up to MAX_EXTRA_REPORTERS
MAX_EXTRA_REPORTERS = 2
URGENCY_BONUS = {"now": 12, "today": 6}

_TRUE_STRINGS = frozenset({"true", "yes", "1", "y"})

# What a field volunteer can see from the door, as the triage signals they stand for: the
# checklist in the volunteer's field tip offers exactly these. Ticking several lets triage
# combine them as it combines words (piled mail + a smell + no answer: a possible death).
OBSERVABLE_SIGNS = (
    "utilities_cut",
    "no_food",
    "no_heating",
    "mail_piling",
    "lights_off",
    "no_answer",
    "not_seen",
    "bad_smell",
    "hoarding",
    "health",
    "child_alone",
    "arrears",
)
VISIT_FINDINGS = {"needs_help": "visit_needs_help", "no_answer": "no_answer"}


def _flag(facts: Mapping[str, Any], key: str) -> bool:
    value = facts.get(key)
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_STRINGS
    return bool(value)


@dataclass(frozen=True)
class FactSignals:
    """What the structured answers add: risk findings, context cues and score bonuses."""

    findings: dict[str, str]  # reason code -> words shown to staff
    child_mentioned: bool
    bonuses: dict[str, tuple[int, str]]  # reason code -> (score bonus, words)
    urgency_floor: bool  # the reporter said "now"/"today": never below normal


def read_facts(facts: Mapping[str, Any] | None) -> FactSignals:
    """Translate the conversation's answers into triage evidence (never raises on bad input)."""
    if not facts:
        return FactSignals({}, child_mentioned=False, bonuses={}, urgency_floor=False)
    findings: dict[str, str] = {}
    age_band = str(facts.get("age_band") or "").lower()
    elderly = _flag(facts, "elderly") or age_band == "elderly"
    alone = _flag(facts, "lives_alone")
    if alone and elderly:
        findings["elderly_alone"] = "facts: elderly, lives alone"
    elif alone:
        findings["isolation"] = "facts: lives alone"
    if _flag(facts, "disability"):
        findings["disability"] = "facts: disability"
    crisis = facts.get("crisis_types") or []
    if isinstance(crisis, str):
        crisis = [crisis]
    named = [str(kind) for kind in crisis if str(kind).strip()]
    if named:
        findings["crisis_type"] = "facts: " + ", ".join(dict.fromkeys(named))
    signs = facts.get("signs") or []
    for sign in signs if isinstance(signs, list) else []:
        if sign in OBSERVABLE_SIGNS:
            findings.setdefault(str(sign), "facts: volunteer saw " + str(sign))
    visit = VISIT_FINDINGS.get(str(facts.get("visit_result") or ""))
    if visit is not None:
        findings[visit] = "facts: volunteer visit " + str(facts["visit_result"])

    bonuses: dict[str, tuple[int, str]] = {}
    if str(facts.get("source") or "") == "volunteer":
        bonuses["volunteer_report"] = (VOLUNTEER_BONUS, "facts: volunteer tip")
    try:
        reporters = int(facts.get("reporters") or 1)
    except (TypeError, ValueError):
        reporters = 1
    if reporters >= 2:
        extra = min(reporters - 1, MAX_EXTRA_REPORTERS)
        bonuses["several_reporters"] = (
            EXTRA_REPORTER_BONUS * extra,
            f"facts: {reporters} reporters",
        )
    urgency = str(facts.get("reporter_urgency") or "").lower()
    if urgency in URGENCY_BONUS:
        bonuses["reporter_urgency"] = (URGENCY_BONUS[urgency], f"facts: urgency {urgency}")
    return FactSignals(
        findings,
        child_mentioned=_flag(facts, "children") or age_band == "child",
        bonuses=bonuses,
        urgency_floor=urgency in URGENCY_BONUS,
    )
