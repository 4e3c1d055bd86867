"""Turn the signals found in a report into a priority, a score and the reasons for both."""

from __future__ import annotations

from dataclasses import dataclass

from triage.matching import Hit, find_signals, mask_idioms
from triage.normalize import normalize
from triage.priority import Priority
from triage.signals import CUES, SIGNALS

CRITICAL_AT = 80
HIGH_AT = 55
NORMAL_AT = 25

# Each further independent risk factor adds a little: several "normal" signs together
# (old, alone, ill, in debt) deserve a visit within a day, but never outrank a single
# imminent one.
EXTRA_REASON_BONUS = 3
MAX_EXTRA_REASONS = 4

# "She is fine now" lowers the urgency by this much; see _apply_resolution.
RESOLVED_DISCOUNT = 45

# Any of these together with "not seen for days", or two of them together, suggest a
# death behind a closed door.
_DEATH_CUES = ("bad_smell", "mail_piling", "no_answer", "lights_off")

_CHILD_ALONE_AT_NIGHT_WEIGHT = 85
_JOKING_SUICIDE_WEIGHT = 60
# Laughter this close to the words is the joke's own; a polite "ㅎㅎ" closing a long
# message is not.
_JOKE_DISTANCE = 12


@dataclass(frozen=True)
class Reason:
    """Why triage chose a priority: a stable code and the resident's words behind it."""

    code: str
    matched: str
    imminent: bool

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for the staff API."""
        return {"code": self.code, "matched": self.matched, "imminent": self.imminent}


@dataclass(frozen=True)
class Assessment:
    """The result of triaging one report."""

    priority: Priority
    score: int
    reasons: tuple[Reason, ...]

    @property
    def imminent_danger(self) -> bool:
        """True when a life may be at risk now: give hotline numbers and alert staff."""
        return self.priority is Priority.CRITICAL and any(r.imminent for r in self.reasons)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for the staff API."""
        return {
            "priority": self.priority.value,
            "score": self.score,
            "imminent_danger": self.imminent_danger,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


@dataclass
class _Finding:
    matched: str
    weight: int
    imminent: bool


def assess(text: str, language: str | None = None) -> Assessment:
    """Triage a free-text report written in Korean, English or Chinese (either script).

    ``language`` is accepted as a hint but not needed: every language's patterns run on
    every report, because residents mix languages and Telegram's language is the app's.
    """
    del language  # see docstring
    doc = mask_idioms(normalize(text or ""))
    hits = find_signals(doc)
    cues = {code: hit for code, hit in hits.items() if code in CUES}
    findings = {
        code: _Finding(hit.words, SIGNALS[code].weight, SIGNALS[code].imminent)
        for code, hit in hits.items()
        if code not in CUES
    }
    _combine(findings, cues)
    _soften_jokes(findings, hits)
    score, imminent = _score(findings)
    return Assessment(
        priority=_priority(score, imminent=imminent),
        score=score,
        reasons=tuple(
            Reason(code, finding.matched, finding.imminent)
            for code, finding in sorted(
                findings.items(), key=lambda item: (-item[1].weight, item[0])
            )
        ),
    )


def _add(findings: dict[str, _Finding], code: str, parts: list[str]) -> None:
    if code not in findings:
        distinct = [p for p in parts if not any(p != q and p in q for q in parts)]
        kind = SIGNALS[code]
        findings[code] = _Finding(" + ".join(dict.fromkeys(distinct)), kind.weight, kind.imminent)


def _overlap(a: str, b: str) -> bool:
    return a in b or b in a


def _independent(findings: dict[str, _Finding]) -> list[_Finding]:
    """Findings that add evidence: "혼자 사" inside "혼자 사시는 할머니" is not a second sign."""
    ordered = sorted(findings.values(), key=lambda f: (-f.weight, -len(f.matched)))
    kept: list[_Finding] = []
    for finding in ordered:
        if not any(finding.matched in other.matched for other in kept):
            kept.append(finding)
    return kept


def _combine(findings: dict[str, _Finding], cues: dict[str, Hit]) -> None:
    """Apply the rules where signals mean more together than apart."""
    # Two separate observations, not one phrase read twice ("好几天没开灯" is both "not seen"
    # and "lights off").
    evidence: list[str] = []
    for code in ("not_seen", *_DEATH_CUES):
        if code in findings and not any(
            _overlap(findings[code].matched, findings[seen].matched) for seen in evidence
        ):
            evidence.append(code)
    death_cues = [code for code in evidence if code != "not_seen"]
    if ("not_seen" in evidence and death_cues) or len(death_cues) >= 2:
        _add(findings, "possible_death", [findings[code].matched for code in evidence])

    child = cues.get("child_mentioned")
    if child is not None:
        if "violence" in findings:
            _add(findings, "child_abuse", [findings["violence"].matched, child.words])
        if "no_food" in findings:
            _add(findings, "child_hunger", [findings["no_food"].matched, child.words])

    # A child left alone is a care problem by day and a danger at night.
    alone = findings.get("child_alone")
    night = cues.get("night")
    if alone is not None and night is not None:
        findings["child_alone"] = _Finding(
            f"{alone.matched} + {night.words}", _CHILD_ALONE_AT_NIGHT_WEIGHT, True
        )


def _soften_jokes(findings: dict[str, _Finding], hits: dict[str, Hit]) -> None:
    """Read "죽고싶다 ㅋㅋ" as a likely joke: checked within a day instead of within the hour.

    Suicide humour can hide real intent, so the reason stays; any other danger keeps the
    report critical.
    """
    suicide, laughter = hits.get("suicide_risk"), hits.get("laughter")
    if suicide is None or laughter is None:
        return
    gap = max(laughter.start - suicide.end, suicide.start - laughter.end)
    if gap > _JOKE_DISTANCE:
        return
    if any(f.imminent for code, f in findings.items() if code != "suicide_risk"):
        return
    findings["suicide_risk"] = _Finding(suicide.words, _JOKING_SUICIDE_WEIGHT, False)


def _score(findings: dict[str, _Finding]) -> tuple[int, bool]:
    """Return the 0-100 score and whether an imminent reason survives."""
    risks = [f.weight for f in _independent(findings) if f.weight >= NORMAL_AT]
    if risks:
        extra = min(len(risks) - 1, MAX_EXTRA_REASONS)
        score = risks[0] + EXTRA_REASON_BONUS * extra
    else:
        score = max((f.weight for f in findings.values()), default=0)
    imminent = any(f.imminent for f in findings.values())
    if not imminent:
        score = min(score, CRITICAL_AT - 1)
    if "spam" in findings and not imminent:
        score = min(score, NORMAL_AT - 1)
    if "resolved" in findings:
        score = _apply_resolution(findings, score)
        imminent = False
    return max(0, min(100, score)), imminent


def _apply_resolution(findings: dict[str, _Finding], score: int) -> int:
    """Lower the score when the reporter says the situation has passed.

    A danger to life never drops below high: "괜찮대요" after a collapse or talk of suicide is
    a neighbour's reassurance, and the reassurance may be about something else entirely
    ("이제 괜찮다는데 남편이 계속 때려요"), so someone still checks within a day.
    """
    was_imminent = any(finding.imminent for finding in findings.values())
    for finding in findings.values():
        finding.imminent = False
    score -= RESOLVED_DISCOUNT
    if was_imminent:
        score = max(score, HIGH_AT)
    return score


def _priority(score: int, *, imminent: bool) -> Priority:
    if imminent and score >= CRITICAL_AT:
        return Priority.CRITICAL
    if score >= HIGH_AT:
        return Priority.HIGH
    if score >= NORMAL_AT:
        return Priority.NORMAL
    return Priority.LOW
