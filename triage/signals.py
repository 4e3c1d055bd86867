"""What each crisis signal weighs, and the shape of a per-language pattern table.

Weights live here, in one place, so the three language tables cannot drift apart: a
pattern only says *which* signal it is evidence for. The weight scale lines up with the
priority thresholds in ``assessment``: 80+ critical (only for imminent signals),
55+ high, 25+ normal, below that low.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SignalKind:
    """The fixed meaning of a reason code: how much it weighs and whether life is at stake."""

    weight: int
    imminent: bool


SIGNALS: Mapping[str, SignalKind] = {
    # A life may be at risk now or within hours.
    "suicide_means": SignalKind(98, True),
    "possible_death": SignalKind(96, True),
    "suicide_risk": SignalKind(92, True),
    "collapse": SignalKind(90, True),
    "emergency_call": SignalKind(88, True),  # an ambulance called or needed
    "child_abuse": SignalKind(90, True),
    "fire": SignalKind(90, True),
    # Someone hanging from or climbing outside a railing, window or roof edge.
    "fall_risk": SignalKind(90, True),
    "violence": SignalKind(88, True),
    # A vulnerable person (dementia, frailty, serious illness, a baby, a disability, a
    # child left alone) with a hazard (cold or heat, no food, gone missing, breathless,
    # out of reach) for hours or days; see ``triage.compound``.
    "vulnerable_in_danger": SignalKind(88, True),
    # Serious unmet basic needs.
    "child_hunger": SignalKind(75, False),
    "no_food": SignalKind(70, False),
    "utilities_cut": SignalKind(70, False),
    "eviction": SignalKind(68, False),
    "homeless": SignalKind(68, False),
    "child_alone": SignalKind(65, False),
    "no_heating": SignalKind(65, False),
    "not_seen": SignalKind(65, False),
    "unreachable": SignalKind(65, False),  # phone unanswered, contact lost
    # A volunteer staff sent to look in found the household needs help (facts only).
    "visit_needs_help": SignalKind(60, False),
    # The fallback: an unnegated word of danger to life (kill, die, blood, jump, 死, 죽...)
    # that no idiom explains and no more specific pattern read. Someone checks within a
    # day; it is never critical on its own. See ``assessment._drop_covered_danger``.
    "danger_word": SignalKind(58, False),
    # A household someone should check on.
    "arrears": SignalKind(50, False),
    "earner_loss": SignalKind(50, False),
    "health": SignalKind(45, False),
    "job_loss": SignalKind(45, False),
    "no_income": SignalKind(45, False),
    "no_answer": SignalKind(45, False),
    "mail_piling": SignalKind(45, False),
    "debt": SignalKind(42, False),
    "isolation": SignalKind(40, False),
    "elderly_alone": SignalKind(40, False),
    "disability": SignalKind(40, False),
    "hoarding": SignalKind(40, False),
    # A child who always wears the same unwashed clothes or is never washed: neglect to
    # look into, not a danger on its own.
    "child_neglect": SignalKind(45, False),
    "lights_off": SignalKind(40, False),
    "bad_smell": SignalKind(35, False),
    "flies": SignalKind(35, False),  # flies or maggots at a window or door
    "tv_on": SignalKind(30, False),  # a TV or radio on inside while nobody answers
    # A pet left unfed or howling inside for days: nothing alone (a barking dog is a noise
    # complaint), a sign at the door with someone gone quiet; see assessment.
    "pet_distress": SignalKind(20, False),
    "fall": SignalKind(45, False),  # someone fell; with no response it is a collapse
    "family_conflict": SignalKind(30, False),
    "single_parent": SignalKind(30, False),
    "crisis_type": SignalKind(30, False),  # only from the structured answers
    # Not a welfare crisis, but worth showing staff why the priority is low.
    "noise_complaint": SignalKind(10, False),
    # A goodbye is nothing alone ("she said goodbye and moved away"); see assessment.
    "farewell": SignalKind(20, False),
    "resolved": SignalKind(0, False),
    "spam": SignalKind(0, False),
    # Provenance from the structured answers: they add to the score (see ``triage.facts``)
    # but are not a risk on their own.
    "volunteer_report": SignalKind(0, False),
    "several_reporters": SignalKind(0, False),
    "reporter_urgency": SignalKind(0, False),
    # The learned backstop (``triage.model``) read a risk the patterns did not: its words
    # are the n-grams that weighed most. It sets a floor of high (this weight) or, when the
    # model is very sure and nothing in the report is negated, joked or idiomatic, of
    # critical; see ``assessment._apply_model``.
    "model_risk": SignalKind(55, False),
}

# Context that changes how other signals are read but is never a reason on its own.
# "lying" is a body on the floor or face down ("엎드려", "slumped", "趴在地上"); "negated" is
# a mention the matcher dropped because the report denies it (no patterns: see matching).
# "retracted" is a wish to die taken back as a joke or a sigh after it was said
# ("장난이었대요", "只是emo一下", "she was just venting"); "misdirected" is a message the
# writer says went to the wrong chat ("oops wrong chat sorry", "방 잘못 들어왔어요",
# "发错群了"): what it says was meant for friends. "no_harm_sign" is the writer ruling out
# what would make silence a death ("nothing else odd", "냄새는 안 나요", "没闻到什么异味");
# "ordinary_leaving" an everyday reason for a goodbye (moving house, a new school or job,
# going home to another country: "그동안 고마웠어요 이사 가요").
CUES = frozenset(
    {
        "child_mentioned",
        "night",
        "laughter",
        "nobody_home",
        "lying",
        "negated",
        "misdirected",
        "retracted",
        "no_harm_sign",
        "ordinary_leaving",
    }
)

# Signals that never count as negated: "no" in "no one answers" is the signal itself.
UNNEGATABLE = CUES


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason code with every pattern that is evidence for it, compiled together."""

    code: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class LanguageTable:
    """Patterns for one language plus the rules that cancel a match (negation, idiom)."""

    name: str
    compact: bool  # match against the whitespace-free view
    script: re.Pattern[str]  # skip the table when the text has none of this script
    signals: tuple[Signal, ...]
    idioms: re.Pattern[str] | None  # spans to blank out before matching
    negated_before: re.Pattern[str] | None  # searched in a window ending at the match
    negated_after: re.Pattern[str] | None  # matched right after the match
    window: int = 8


# Not after a letter or digit (``str.isalnum``; unlike ``\b`` it lets "_x" start a word).
# The engine tries a pattern at every position, and a pattern that opens with a word
# (``\w+ will``, ``sav\w*``) read to the end of the word from each of them: a 4,096-letter
# "word" cost 4,096 times its length. Asserted once, outside the alternation, it turns
# every position inside a word away at once, and each alternative keeps the engine's quick
# check of its first character (a ``\b`` in front of every alternative loses it).
WORD_START = r"(?<![^\W_])"


def compile_signals(
    patterns: Mapping[str, list[str]],
    *,
    macros: Mapping[str, str] | None = None,
    spaced: bool = False,
    word_start: bool = False,
) -> tuple[Signal, ...]:
    """Compile one alternation per code.

    ``macros`` replaces placeholders such as ``<CHILD>`` with shared sub-patterns. With
    ``spaced``, a literal space in a pattern means any whitespace and " ?" means optional
    whitespace, so English patterns read like the phrases they match. With ``word_start``,
    a match must begin a word (see ``WORD_START``).
    """
    unknown = set(patterns) - set(SIGNALS) - CUES
    if unknown:
        raise ValueError(f"patterns for unknown signal codes: {sorted(unknown)}")
    signals = []
    for code, alternatives in patterns.items():
        source = "|".join(f"(?:{p})" for p in alternatives)
        for name, value in (macros or {}).items():
            source = source.replace(name, value)
        if spaced:
            source = spaced_pattern(source)
        if word_start:
            source = f"{WORD_START}(?:{source})"
        signals.append(Signal(code, re.compile(source)))
    return tuple(signals)


def spaced_pattern(source: str) -> str:
    """Let a space in ``source`` match any run of whitespace (and " ?" none at all)."""
    return source.replace(" ?", r"\s*").replace(" ", r"\s+")
