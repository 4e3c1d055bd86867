"""What the reporter said directly about a danger to life, as floors triage cannot lower.

The classifier misses some life-at-risk reports (first-person crises said sideways, a
confused elder out in the cold...), so the conversation asks the reporter, and listens to
who is writing. Their word is kept in ``Case.facts`` and applied on every re-triage:

- ``danger_now``: the answer to "may someone's life be in danger right now?" ("yes" makes
  the case critical, "unsure" at least high and flagged for a human look, "no" nothing);
- ``self_crisis``: the writer is the person at risk (critical; staff see who is at risk).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from storage.models import Case
from triage import PRIORITY_RANK, Assessment, Priority, Reason

DANGER_NOW = "danger_now"
SELF_CRISIS = "self_crisis"
YES, NO, UNSURE = "yes", "no", "unsure"
DANGER_ANSWERS = (YES, NO, UNSURE)  # the order the buttons show them

# Reason codes the floors add (labelled for staff like triage's own codes).
REPORTER_SAYS_DANGER = "reporter_says_danger"
REPORTER_UNSURE = "reporter_unsure_danger"
WRITER_AT_RISK = "self_crisis"
FLOOR_CODES = (WRITER_AT_RISK, REPORTER_SAYS_DANGER, REPORTER_UNSURE)

# Scores on triage's 0-100 scale (triage.signals): a critical floor reads like an imminent
# signal, a high one like a serious unmet need.
_CRITICAL_SCORE = 90
_HIGH_SCORE = 60


def is_self_crisis(case: Case) -> bool:
    """The reporter wrote about their own crisis."""
    return (case.facts or {}).get(SELF_CRISIS) is True


def danger_answer(case: Case) -> str | None:
    """The reporter's answer to the danger question, None until answered."""
    value = (case.facts or {}).get(DANGER_NOW)
    return value if value in DANGER_ANSWERS else None


def needs_review(case: Case) -> bool:
    """The reporter was not sure whether a life is in danger and staff have not started:
    someone should look soon (the flag goes once the case is in progress)."""
    return danger_answer(case) == UNSURE and case.status == "new"


def floor(assessment: Assessment, members: Iterable[Case]) -> Assessment:
    """``assessment`` raised to what the reporters of these cases said; never lowered."""
    facts = [m.facts or {} for m in members]
    self_crisis = any(f.get(SELF_CRISIS) is True for f in facts)
    answers = {f.get(DANGER_NOW) for f in facts}
    result = assessment
    if YES in answers:
        result = _at_least(result, Priority.CRITICAL, REPORTER_SAYS_DANGER, "reporter: yes")
    elif UNSURE in answers:
        result = _at_least(result, Priority.HIGH, REPORTER_UNSURE, "reporter: not sure")
    if self_crisis:
        result = _at_least(result, Priority.CRITICAL, WRITER_AT_RISK, "reporter: self")
        result = replace(result, self_crisis=True)
    return result


def _at_least(assessment: Assessment, level: Priority, code: str, words: str) -> Assessment:
    imminent = level is Priority.CRITICAL
    reasons = (Reason(code, words, imminent), *assessment.reasons)
    score = _CRITICAL_SCORE if imminent else _HIGH_SCORE
    if PRIORITY_RANK[assessment.priority] <= PRIORITY_RANK[level]:
        return replace(assessment, reasons=reasons)  # as urgent already: say why, too
    return replace(assessment, priority=level, score=max(assessment.score, score), reasons=reasons)
