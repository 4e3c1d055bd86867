"""Find which signals a report contains, skipping negated mentions and idioms."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from triage import lexicon_en, lexicon_ko, lexicon_zh
from triage.normalize import NormalizedText
from triage.signals import UNNEGATABLE, LanguageTable


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a signal was found: the resident's words and their span in the spaced text."""

    words: str
    start: int
    end: int


TABLES: tuple[LanguageTable, ...] = (lexicon_ko.TABLE, lexicon_zh.TABLE, lexicon_en.TABLE)

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

    When several languages find the same code, the first table's hit is kept.
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
            for match in signal.pattern.finditer(haystack):
                start, end = match.span()
                if table.word_start and start and haystack[start - 1].isalnum():
                    continue
                if signal.code not in UNNEGATABLE and _negated(table, haystack, start, end):
                    continue
                start, end = doc.span(start, end, compact=table.compact)
                found[signal.code] = Hit(doc.quote(start, end), start, end)
                break
    return found
