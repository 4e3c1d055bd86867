"""Score a long report clause by clause, so that one dangerous sentence is not drowned.

A volunteer's round-up ("1. boiler fixed, fine. 2. lunch club restarted. ... 4. Mr Kim
said goodbye and carried charcoal into his room") or a complaint about something else
with one worrying line in it reads, as a whole, like a mild report: the "fine" of item 1
counts as a resolution for item 4, and the learned backstop's n-grams of the ordinary
items outvote the few of the dangerous one. Here the report is cut into items (lines,
bullets, numbered points) and each item into sentences; every piece is assessed alone as
well as the whole, and the most dangerous one decides, with the reasons of both.

Signals that need each other across sentences (a goodbye, then silence; a frail person, a
hazard and a stretch of time) are still read over the whole report, which is always
assessed. A sentence is not read alone when its item laughs, denies a danger, says the
danger has passed, is spam or rules out a sign of harm ("냄새는 안 나요": ``guarded``):
those words are about the same person, and the whole item already weighed them. Items of
a list are separate matters, so one item's "fine" does not guard the next.

Splitting is a handful of single-pass regular expressions over at most the report itself,
so the cost stays linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from triage.normalize import normalize
from triage.priority import Priority
from triage.self_crisis import writer_at_risk

if TYPE_CHECKING:
    from triage.assessment import Assessment

# Reports shorter than this (UTF-8 bytes: about 120 English characters, 40 Korean or
# Chinese ones, which say as much) are read whole only: a short report is one matter, and
# splitting it would only add cost (English throughput fell by about a third at 60 bytes).
MIN_BYTES = 120
# Pieces shorter than this carry no meaning of their own ("네.", "OK,"); four characters
# hold a Chinese or Korean clause ("不开门了").
MIN_PIECE = 4
# More pieces than this are read whole (a pasted document, not a report).
MAX_PIECES = 24

# An item starts at a line break, or at a bullet or a number opening a point inline
# ("... 완료. 2. 경로당 ..."): "- ", "• ", "* ", "1. ", "2) ", "①", "(3) ".
_ITEMS = re.compile(r"\n+|(?:^|(?<=\s))(?:[-•*·▪►]|\(?\d{1,2}[.)]|[①-⑳])(?=\s)")
# A sentence ends at . ! ? … ; and their CJK forms, or after a Korean polite ending that
# closes a sentence typed without punctuation ("안 와요 아기 혼자 울어요"): "요" or "니다"
# followed by a space. Connectives inside a sentence ("-는데", "-지만") are not cut: the
# clause after them often says what the one before meant ("죽고 싶다는데 농담이래요").
_SENTENCES = re.compile(r"[.!?…;]+(?=\s|$)|[。！？；]+|(?<=요|다)[.!?]*\s+(?=\S)")

_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.CRITICAL: 3}


def items(text: str) -> list[str]:
    """The points of a report: its lines, bullets and numbered items."""
    return [piece.strip() for piece in _ITEMS.split(text) if len(piece.strip()) >= MIN_PIECE]


def sentences(item: str) -> list[str]:
    """The sentences of one item."""
    return [piece.strip() for piece in _SENTENCES.split(item) if len(piece.strip()) >= MIN_PIECE]


def pieces(text: str) -> list[tuple[str, list[str]]]:
    """Each item with its sentences (empty when the item is one sentence)."""
    found = []
    for item in items(text):
        parts = sentences(item)
        found.append((item, parts if len(parts) > 1 else []))
    return found


class AssessOne(Protocol):
    """``assessment._assess_one``: an assessment and whether the text is guarded."""

    def __call__(
        self, text: str, facts: Mapping[str, Any] | None, *, whole: bool = True
    ) -> tuple[Assessment, bool]: ...


def most_dangerous(text: str, facts: Mapping[str, Any] | None, assess_one: AssessOne) -> Assessment:
    """Assess ``text`` whole and piece by piece; the most dangerous reading decides.

    ``assess_one(text, facts)`` returns an ``Assessment`` and whether the text is
    ``guarded`` (laughs, denies, resolves, is spam or rules out harm; see the module
    docstring). Facts belong to the whole report, so pieces are read without them.
    """
    whole, guarded = assess_one(text, facts)
    if len(text.encode()) < MIN_BYTES:
        return whole
    found = pieces(text)
    if len(found) + sum(len(parts) for _, parts in found) > MAX_PIECES:
        return whole
    several_items = len(found) > 1
    best = whole
    for item, parts in found:
        if several_items:
            reading, item_guarded = assess_one(item, None, whole=False)
            best = _stronger(best, reading)
        else:
            item_guarded = guarded
        if item_guarded:
            continue
        for part in parts:
            best = _stronger(best, assess_one(part, None, whole=False)[0])
    if best is whole:
        return whole
    return _merged(best, whole, text)


def _stronger(best: Assessment, other: Assessment) -> Assessment:
    """The more dangerous of two readings; a piece wins only with a higher priority."""
    return other if _RANK[other.priority] > _RANK[best.priority] else best


def _merged(piece: Assessment, whole: Assessment, text: str) -> Assessment:
    """The piece's priority and score, its reasons first, then the whole report's others.

    Whether the writer is the person at risk is read over the whole text: a round-up that
    names a neighbour is not the writer's own crisis because one line says "I".
    """
    codes = {reason.code for reason in piece.reasons}
    reasons = (*piece.reasons, *(r for r in whole.reasons if r.code not in codes))
    imminent = {reason.code for reason in reasons if reason.imminent}
    return type(whole)(
        priority=piece.priority,
        score=max(piece.score, whole.score),
        reasons=reasons,
        self_crisis=piece.priority is Priority.CRITICAL
        and writer_at_risk(normalize(text).text, imminent),
    )
