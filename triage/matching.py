"""Find which signals a report contains, skipping negated mentions and idioms."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from triage import lexicon_en, lexicon_ko, lexicon_zh
from triage.normalize import NormalizedText
from triage.signals import SIGNALS, UNNEGATABLE, LanguageTable


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a signal was found: the resident's words and their span in the spaced text."""

    words: str
    start: int
    end: int


TABLES: tuple[LanguageTable, ...] = (lexicon_ko.TABLE, lexicon_zh.TABLE, lexicon_en.TABLE)

# A denied danger ("자살 같은 건 아니고", "not suicidal") is recorded as the cue ``negated``;
# a denied lesser sign ("냄새는 안 나요") is not.
_DENIABLE = frozenset(
    code for code, kind in SIGNALS.items() if kind.imminent or code == "danger_word"
)

# Stands in for masked idiom characters: one character for one keeps offsets valid, and no
# pattern word contains it.
_BLANK = "\u00b7"


def _blank(match: re.Match[str]) -> str:
    whole = match.group(0)
    if "kill" not in match.re.groupindex or match.group("kill") is None:
        return _BLANK * len(whole)
    start, end = match.span("kill")
    base = match.start()
    return whole[: start - base] + _BLANK * (end - start) + whole[end - base :]


def mask_idioms(doc: NormalizedText) -> NormalizedText:
    """Blank out hyperbole ("배고파 죽겠다", "笑死", "dying to see") so it cannot count as death."""
    text, compact = doc.text, doc.compact
    for table in TABLES:
        if table.idioms is None:
            continue
        if table.compact:
            compact = table.idioms.sub(_blank, compact)
        else:
            text = table.idioms.sub(_blank, text)
    return dataclasses.replace(doc, text=text, compact=compact)


def _negated(table: LanguageTable, haystack: str, start: int, end: int) -> bool:
    if table.negated_after is not None and table.negated_after.match(haystack, end):
        return True
    if table.negated_before is not None:
        window_start = max(0, start - table.window)
        if table.negated_before.search(haystack, window_start, start):
            return True
    return False


def find_signals(doc: NormalizedText) -> dict[str, Hit]:
    """Map each signal code found in ``doc`` to its first non-negated occurrence.

    When several languages find the same code, the first table's hit is kept. The first
    danger dropped for negation is kept too, under the cue ``negated``: the learned
    backstop stays out of a report that denies a danger ("자살 같은 건 아니고").
    """
    found: dict[str, Hit] = {}
    for table in TABLES:
        # Every table could run on every text; skipping scripts that are absent only saves time.
        if not table.script.search(doc.display):
            continue
        haystack = doc.compact if table.compact else doc.text
        for signal in table.signals:
            if signal.code in found:
                continue
            position = 0
            while (match := signal.pattern.search(haystack, position)) is not None:
                start, end = match.span()
                position = max(end, start + 1)
                if signal.code not in UNNEGATABLE and _negated(table, haystack, start, end):
                    if "negated" not in found and signal.code in _DENIABLE:
                        span = doc.span(start, end, compact=table.compact)
                        found["negated"] = Hit(doc.quote(*span), *span)
                    continue
                start, end = doc.span(start, end, compact=table.compact)
                found[signal.code] = Hit(doc.quote(start, end), start, end)
                break
    return found
