"""How much text one assessment reads, and how a longer text is read in windows.

Telegram caps a message at 4,096 characters, but a text can be longer: a forged update
(the webhook accepts bodies up to 1 MB), or every message of a case joined for
re-assessment. Triage reads at most ``MAX_CHARS`` at a time, so the work for one text is
linear in its length with a small constant, whatever it contains.

A longer text is cut into windows of at most ``MAX_CHARS`` that overlap by ``OVERLAP``
characters, each assessed on its own; the most dangerous window decides the priority and
the score, and the other windows' reasons are added after its own. Cuts fall on a line
break or a space when one is near (``SLACK``), so no word is split in two: half a word at a
window's edge could read as another ("skill" -> "kill"). Any passage of up to
``OVERLAP - SLACK`` characters (a paragraph) is read whole by at least one window, so
signals that mean more together (a goodbye and then silence) are still combined when
they are that close; farther apart, each is read on its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from triage.queue import PRIORITY_RANK

if TYPE_CHECKING:
    from triage.assessment import Assessment

MAX_CHARS = 4096  # Telegram's limit for one message
OVERLAP = 1024
SLACK = 128  # how far a cut may move back to reach a line break or a space


def spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the windows of ``text`` start and end, in reading order (one when it is short)."""
    start = 0
    while True:
        end = start + MAX_CHARS
        if end >= len(text):
            yield start, len(text)
            return
        end = _cut_before(text, end)
        yield start, end
        start = _cut_after(text, end - OVERLAP)


def _cut_before(text: str, end: int) -> int:
    """``end`` moved back to just after a line break, else a space, within ``SLACK``."""
    floor = end - SLACK
    for separator in ("\n", None):
        at = _last_break(text, floor, end, separator)
        if at >= 0:
            return at + 1
    return end


def _cut_after(text: str, start: int) -> int:
    """``start`` moved forward to just after a line break, else a space, within ``SLACK``."""
    ceiling = start + SLACK
    for separator in ("\n", None):
        at = _first_break(text, start, ceiling, separator)
        if at >= 0:
            return at + 1
    return start


def _last_break(text: str, start: int, end: int, separator: str | None) -> int:
    if separator is not None:
        return text.rfind(separator, start, end)
    return next((i for i in range(end - 1, start - 1, -1) if text[i].isspace()), -1)


def _first_break(text: str, start: int, end: int, separator: str | None) -> int:
    if separator is not None:
        return text.find(separator, start, end)
    return next((i for i in range(start, end) if text[i].isspace()), -1)


def most_dangerous(assessments: list[Assessment]) -> Assessment:
    """The assessment of the most dangerous window, with every window's reasons.

    Its own reasons come first; another window's reason is added when its code is new.
    """
    decider = min(
        assessments,
        key=lambda a: (PRIORITY_RANK[a.priority], not a.imminent_danger, -a.score),
    )
    reasons = {reason.code: reason for reason in decider.reasons}
    for assessment in assessments:
        for reason in assessment.reasons:
            reasons.setdefault(reason.code, reason)
    return dataclasses.replace(decider, reasons=tuple(reasons.values()))


def assess_in_windows(text: str, assess_one: Callable[[str], Assessment]) -> Assessment:
    """Assess ``text`` with ``assess_one`` window by window (see the module docstring)."""
    return most_dangerous([assess_one(text[start:end]) for start, end in spans(text)])
