"""Turn the signals found in a report into a priority, a score and the reasons for both."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from triage import clauses, compound, model, retraction, sideways, windows
from triage.facts import FactSignals, read_facts
from triage.matching import Hit, find_signals, mask_idioms
from triage.normalize import NormalizedText, normalize
from triage.priority import Priority
from triage.self_crisis import writer_at_risk
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

# A sign at the door together with someone gone quiet (not seen for days, not reachable),
# or two signs at the door, suggest a death behind a closed door. A phone nobody answers
# says no more than "not heard from": it makes someone quiet, it is not a sign at the door.
_QUIET = ("not_seen", "unreachable")
_DEATH_CUES = (
    "bad_smell",
    "flies",
    "mail_piling",
    "no_answer",
    "lights_off",
    "tv_on",
    "pet_distress",
)
# What silence means after a goodbye or a fall: not seen, not reachable, or no answer.
_SILENCE = (*_QUIET, "no_answer")

# A clause read alone is short, and the learned backstop's thresholds were chosen on whole
# reports: on a clause it must be this much surer (log-odds, both heads). Chosen on the
# migrant and volunteer batches (docs/triage.md, "Clause by clause").
CLAUSE_MODEL_MARGIN = 10.0
_CHILD_ALONE_AT_NIGHT_WEIGHT = 85
# A joke about dying is no sign of danger, but in a welfare chat it still earns a look.
_JOKING_SUICIDE_WEIGHT = 35
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


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
    # The writer is the person at risk ("I want to die"): the bot answers as a crisis line.
    self_crisis: bool = False

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
            "self_crisis": self.self_crisis,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


@dataclass
class _Finding:
    matched: str
    weight: int
    imminent: bool
    # Where the words are in the spaced text, when they came from one pattern match.
    span: tuple[int, int] | None = None


def assess(
    text: str, language: str | None = None, *, facts: Mapping[str, Any] | None = None
) -> Assessment:
    """Triage a free-text report written in Korean, English or Chinese (either script).

    ``language`` is accepted as a hint but not needed: every language's patterns run on
    every report, because residents mix languages and Telegram's language is the app's.
    ``facts`` are the structured answers and provenance described in ``triage.facts``;
    they can raise a priority but never lower one the words justify. A long report is
    also read clause by clause and the most dangerous clause decides (``triage.clauses``);
    a text longer than ``windows.MAX_CHARS`` is read in windows (``triage.windows``).
    """
    del language  # see docstring
    if text and len(text) > windows.MAX_CHARS:
        return windows.assess_in_windows(text, lambda window: assess(window, facts=facts))
    result: Assessment = clauses.most_dangerous(text or "", facts, _assess_one)
    return result


def _assess_one(
    text: str, facts: Mapping[str, Any] | None, *, whole: bool = True
) -> tuple[Assessment, bool]:
    """Assess one text (a whole report or one of its clauses).

    Returns the assessment and whether the text laughs, denies a danger, says it has
    passed, is spam (what keeps the learned backstop out) or rules out a sign of harm: its
    clauses are then not read alone.
    """
    plain = normalize(text)
    doc = mask_idioms(plain)
    hits = find_signals(doc)
    _drop_covered_danger(hits)
    extra = read_facts(facts)
    cues = {code: hit for code, hit in hits.items() if code in CUES}
    if extra.child_mentioned and "child_mentioned" not in cues:
        cues["child_mentioned"] = Hit("facts: children", 0, 0)
    findings = {
        code: _Finding(
            hit.words, SIGNALS[code].weight, SIGNALS[code].imminent, (hit.start, hit.end)
        )
        for code, hit in hits.items()
        if code not in CUES
    }
    for code, words in extra.findings.items():
        if code not in findings:
            findings[code] = _Finding(words, SIGNALS[code].weight, SIGNALS[code].imminent)
    if "laughter" not in hits:
        for code, words in sideways.read(doc).items():
            if code not in findings:
                findings[code] = _Finding(words, SIGNALS[code].weight, SIGNALS[code].imminent)
    _combine(findings, cues)
    parts = compound.read(doc, {code: f.matched for code, f in findings.items()}, cues)
    if parts is not None:
        _add(findings, "vulnerable_in_danger", parts)
    _soften_jokes(findings, hits, doc)
    if "farewell" in findings and _calm_after_goodbye(doc, hits, findings):
        # "다 정리했어요 … 그동안 감사했어요. 이제 괜찮아요": the calm of someone who has decided,
        # not a danger that has passed.
        del findings["resolved"]
    score, imminent = _score(findings)
    score = _apply_facts(findings, extra, score, imminent=imminent)
    if "misdirected" in hits and not imminent:
        # Meant for friends ("배고파 죽겠다 … 잘못 보냈어요"): nothing to act on unless a life
        # is at risk, which keeps its level.
        score = min(score, NORMAL_AT - 1)
    guarded = model_stays_out(plain, doc, hits)
    if not guarded:
        margin = 0.0 if whole else CLAUSE_MODEL_MARGIN
        # A silence whose writer saw no sign of harm is someone to find today (high), which
        # n-grams of "not seen, no answer" cannot tell from a death behind the door; nor can
        # they tell a goodbye before a move ("그동안 고마웠어요 이사 가요") from a last one.
        settled = "no_harm_sign" in cues or ("farewell" in findings and "ordinary_leaving" in cues)
        score, imminent = _apply_model(
            doc,
            findings,
            score,
            imminent=imminent,
            margin=margin,
            critical=math.inf if settled else 0.0,
        )
    priority = _priority(score, imminent=imminent)
    assessment = Assessment(
        priority=priority,
        score=score,
        reasons=tuple(
            Reason(code, finding.matched, finding.imminent)
            for code, finding in sorted(
                findings.items(), key=lambda item: (-item[1].weight, item[0])
            )
        ),
        self_crisis=priority is Priority.CRITICAL
        and writer_at_risk(plain.text, {c for c, f in findings.items() if f.imminent}),
    )
    # "냄새는 안 나요" is about the same silence as the sentence before it: its sentences are
    # not read alone either.
    return assessment, guarded or "no_harm_sign" in hits


def _calm_after_goodbye(
    doc: NormalizedText, hits: dict[str, Hit], findings: dict[str, _Finding]
) -> bool:
    suicide, resolved = findings.get("suicide_risk"), hits.get("resolved")
    if suicide is None or not suicide.imminent or resolved is None or "resolved" not in findings:
        return False
    return retraction.writer_s_own_calm(doc, resolved)


def _drop_covered_danger(hits: dict[str, Hit]) -> None:
    """Keep the danger-word fallback only for words no other pattern explains.

    "죽고싶다 ㅋㅋ" is a joke (see _soften_jokes) and "her husband died" an earner's loss:
    when another reason was read from the same words, or the report laughs, the bare
    word adds nothing.
    """
    danger = hits.get("danger_word")
    if danger is None:
        return
    if "laughter" in hits or any(
        code not in CUES and hit.start < danger.end and danger.start < hit.end
        for code, hit in hits.items()
        if code != "danger_word"
    ):
        del hits["danger_word"]


def _add(findings: dict[str, _Finding], code: str, parts: list[str]) -> None:
    if code not in findings:
        distinct = [p for p in parts if not any(p != q and p in q for q in parts)]
        kind = SIGNALS[code]
        findings[code] = _Finding(" + ".join(dict.fromkeys(distinct)), kind.weight, kind.imminent)


def _overlap(a: str, b: str) -> bool:
    return a in b or b in a


def _independent(findings: dict[str, _Finding]) -> list[_Finding]:
    """Findings that add evidence: "혼자 사" inside "혼자 사시는 할머니" is not a second sign,
    nor is "혼자 사" overlapping "할머니 혼자" (the same words read twice)."""
    ordered = sorted(findings.values(), key=lambda f: (-f.weight, -len(f.matched)))
    kept: list[_Finding] = []
    for finding in ordered:
        if not any(
            finding.matched in other.matched or _same_words(finding, other) for other in kept
        ):
            kept.append(finding)
    return kept


def _same_words(one: _Finding, other: _Finding) -> bool:
    if one.span is None or other.span is None:
        return False
    return one.span[0] < other.span[1] and other.span[0] < one.span[1]


def _combine(findings: dict[str, _Finding], cues: dict[str, Hit]) -> None:
    """Apply the rules where signals mean more together than apart."""
    # Two separate observations, not one phrase read twice ("好几天没开灯" is both "not seen"
    # and "lights off").
    # "Gone quiet" (not seen, not reachable) needs a sign at the door to mean a death.
    evidence: list[str] = []
    for code in (*_QUIET, *_DEATH_CUES):
        if code in findings and not any(
            _overlap(findings[code].matched, findings[seen].matched) for seen in evidence
        ):
            evidence.append(code)
    quiet = [code for code in evidence if code in _QUIET]
    death_cues = [code for code in evidence if code not in _QUIET]
    # Gone quiet with the door unanswered, and the writer saw nothing else wrong ("nothing
    # else odd", "냄새는 안 나요", "没闻到什么异味"): someone to find today, no sign of a death.
    unexplained = "no_harm_sign" in cues and set(death_cues) <= {"no_answer"}
    if ((quiet and death_cues) or len(death_cues) >= 2) and not unexplained:
        _add(findings, "possible_death", [findings[code].matched for code in evidence])

    # A goodbye followed by silence is how many suicides are announced; a fall followed by
    # silence is someone who cannot get up or answer.
    silence = next((findings[code] for code in _SILENCE if code in findings), None)
    farewell = findings.get("farewell")
    if farewell is not None and silence is not None:
        _add(findings, "suicide_risk", [farewell.matched, silence.matched])
    fall = findings.get("fall")
    if fall is not None and silence is not None and not _overlap(fall.matched, silence.matched):
        _add(findings, "collapse", [fall.matched, silence.matched])
    # Someone seen lying on the floor or face down who does not answer when called.
    lying, unanswered = cues.get("lying"), findings.get("no_answer")
    if lying is not None and unanswered is not None:
        _add(findings, "collapse", [lying.words, unanswered.matched])

    # "raising her grandkids alone" is a lone carer, not a child left alone.
    carer, alone = findings.get("single_parent"), findings.get("child_alone")
    if carer is not None and alone is not None and alone.matched in carer.matched:
        del findings["child_alone"]

    child = cues.get("child_mentioned")
    nobody_home = cues.get("nobody_home")
    if child is not None and nobody_home is not None and "child_alone" not in findings:
        _add(findings, "child_alone", [child.words, nobody_home.words])
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


def _soften_jokes(findings: dict[str, _Finding], hits: dict[str, Hit], doc: NormalizedText) -> None:
    """Read "죽고싶다 ㅋㅋ" as a likely joke: a household to check, not a danger to life.

    Suicide humour can hide real intent, so the reason stays; any other danger keeps the
    report critical. What the joke itself said is not read again as a need: "再这么冷我就冻死
    算了 … 哈哈" is no report of a cold room.
    """
    if not retraction.said_in_jest(hits, doc):
        return
    if any(f.imminent for code, f in findings.items() if code != "suicide_risk"):
        return
    suicide = hits["suicide_risk"]
    for code, finding in list(findings.items()):
        span = finding.span
        if span is not None and span[0] < suicide.end and suicide.start < span[1]:
            del findings[code]
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
        # A wish to die, taken back or said to be over, still earns a look.
        if "suicide_risk" in findings:
            score = max(score, NORMAL_AT)
    return max(0, min(100, score)), imminent


def _apply_facts(
    findings: dict[str, _Finding], extra: FactSignals, score: int, *, imminent: bool
) -> int:
    """Add the bonuses for a volunteer's tip, several reporters and the reporter's urgency.

    They lift a household that should be checked, never past critical without an imminent
    reason, and never lift what is not a welfare report (spam, a noise complaint, "she is
    fine now").
    """
    if not extra.bonuses:
        return score
    if {"spam", "resolved"} & findings.keys():
        return score
    if findings and findings.keys() <= {"noise_complaint"}:
        return score
    for code, (bonus, words) in extra.bonuses.items():
        findings[code] = _Finding(words, 0, False)
        score += bonus
    score = max(score, NORMAL_AT)
    if not imminent:
        score = min(score, CRITICAL_AT - 1)
    return max(0, min(100, score))


# What keeps the learned backstop out entirely: the report says the danger has passed, is
# spam, laughs, or denies a danger, or an idiom of dying was masked. The patterns read
# those precisely; character n-grams do not ("배고파 죽겠다" shares "죽" with "죽고 싶다").
# A noise complaint is left to the patterns too, unless they found something else.
_MODEL_STAYS_OUT = ("resolved", "spam", "laughter", "negated", "misdirected", "retracted")
_NOISE = ("noise_complaint", "pet_distress")
# One short question in which the patterns read nothing ("is there a bus to the clinic from
# here?") is an enquiry: its function words are no evidence for the model.
_SHORT_QUESTION = re.compile(r"[^.!?。！？\n]{0,80}[?？]+\s*$")


def model_stays_out(plain: NormalizedText, doc: NormalizedText, hits: Mapping[str, Hit]) -> bool:
    """True when the learned backstop must not touch a report (see _MODEL_STAYS_OUT).

    ``plain`` is the normalised text, ``doc`` the same after idiom masking, ``hits`` what
    the patterns found in ``doc``.
    """
    if doc.compact != plain.compact or doc.text != plain.text:
        return True
    if any(code in hits for code in _MODEL_STAYS_OUT):
        return True
    if not hits and _SHORT_QUESTION.match(plain.text):
        return True
    return "noise_complaint" in hits and all(code in _NOISE or code in CUES for code in hits)


def _apply_model(
    doc: NormalizedText,
    findings: dict[str, _Finding],
    score: int,
    *,
    imminent: bool,
    margin: float = 0.0,
    critical: float = 0.0,
) -> tuple[int, bool]:
    """Let the learned backstop raise what the patterns under-read; it never lowers.

    At or above ``model.shipped().high_threshold`` (log-odds of at least high) a report
    the patterns put at normal or low becomes high; when, besides, the log-odds of critical
    reach ``critical_threshold`` (plus ``critical``: infinite keeps the model below critical),
    it becomes critical,
    with an imminent ``model_risk`` reason so the bot gives the emergency numbers. The
    thresholds were chosen by cross-validation on the training reports only
    (bench/train_triage_model.py). The reason quotes the n-grams that weighed most.
    """
    if imminent and score >= CRITICAL_AT:
        return score, imminent
    risk = model.read(doc)
    trained = model.shipped()
    high = risk.high >= trained.high_threshold + margin
    if high and risk.critical >= trained.critical_threshold + margin + critical:
        findings["model_risk"] = _Finding(_evidence(doc, risk), CRITICAL_AT, True)
        return max(score, CRITICAL_AT), True
    if high and score < HIGH_AT:
        findings["model_risk"] = _Finding(_evidence(doc, risk), HIGH_AT, False)
        return HIGH_AT, imminent
    return score, imminent


# How far an n-gram of the backstop's evidence is widened to the word around it.
_EVIDENCE_WIDEN = 12


def _evidence(doc: NormalizedText, risk: model.ModelRisk) -> str:
    """The resident's words holding the n-grams that weighed most, in reading order.

    A Korean or English n-gram is widened to the whitespace-separated word it sits in (up to
    a few characters: "란" -> "베란다", "eryon" -> "everyone"), so staff read words rather
    than fragments; Chinese, written without spaces, is quoted as the n-gram itself.
    """
    text = doc.text
    spans: list[list[int]] = []
    for gram in risk.evidence:
        found = model.locate(doc, gram)
        if found is None:
            continue
        start, end = doc.span(found.start, found.end, compact=found.compact)
        if not _HAN.search(gram):
            floor, ceiling = start - _EVIDENCE_WIDEN, end + _EVIDENCE_WIDEN
            while start > max(0, floor) and not text[start - 1].isspace():
                start -= 1
            while end < min(len(text), ceiling) and not text[end].isspace():
                end += 1
        spans.append([start, end])
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return "model: " + " / ".join(doc.quote(start, end) for start, end in merged)


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
