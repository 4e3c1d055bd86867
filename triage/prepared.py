"""Assessments worked out ahead, so the database never waits on triage.

A caller that holds a transaction (the inbox worker applying an update) runs its work in
rounds, each inside `collecting(prepared)`. There `assess` answers from what was prepared,
and works out a short text at once (INLINE_CHARS: a millisecond or two, cheaper than
another round). For a longer text not worked out yet it notes the question and answers
with a stand-in (`PROVISIONAL`). A round that needed any stand-in is rolled back; the
caller then works out what was asked (`prepared.compute_missing`, the CPU-heavy part) with
no transaction open, and plays the round again; the round that used no stand-in is the one
that commits. Outside `collecting`, `assess` simply computes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from triage import assessment
from triage.assessment import Assessment
from triage.priority import Priority

_Key = tuple[str, str | None, str]
# Texts up to this long are assessed in place, inside the transaction: an ordinary report
# (50-300 characters) costs about a millisecond, less than rolling a round back and
# playing it again would. Anything longer is worked out outside.
INLINE_CHARS = 500
# What `assess` answers for an assessment not worked out yet; never committed (see above).
PROVISIONAL = Assessment(priority=Priority.LOW, score=0, reasons=())


def _key(text: str, language: str | None, facts: Mapping[str, Any] | None) -> _Key:
    return text, language, json.dumps(facts or {}, sort_keys=True, default=str)


@dataclass
class Prepared:
    """The assessments worked out for one piece of work, and those still to work out."""

    done: dict[_Key, Assessment] = field(default_factory=dict)
    missing: dict[_Key, tuple[str, str | None, dict[str, Any] | None]] = field(default_factory=dict)

    def answer(
        self, text: str, language: str | None, facts: Mapping[str, Any] | None
    ) -> Assessment:
        key = _key(text, language, facts)
        found = self.done.get(key)
        if found is not None:
            return found
        if len(text) <= INLINE_CHARS:
            found = self.done[key] = assessment.assess(text, language, facts=facts)
            return found
        if key not in self.missing:
            # A copy: the caller may change its facts before the assessment is worked out.
            self.missing[key] = (text, language, copy.deepcopy(dict(facts)) if facts else None)
        return PROVISIONAL

    def compute_missing(self) -> int:
        """Work out every assessment asked for (call it with no transaction open)."""
        computed = len(self.missing)
        for key, (text, language, facts) in self.missing.items():
            self.done[key] = assessment.assess(text, language, facts=facts)
        self.missing.clear()
        return computed


_active: ContextVar[Prepared | None] = ContextVar("triage_prepared", default=None)


@contextmanager
def collecting(prepared: Prepared) -> Iterator[Prepared]:
    """Within this block `assess` works out only short texts: it answers from `prepared`,
    or notes the question in `prepared.missing` and answers with PROVISIONAL."""
    token = _active.set(prepared)
    try:
        yield prepared
    finally:
        _active.reset(token)


def assess(
    text: str, language: str | None = None, *, facts: Mapping[str, Any] | None = None
) -> Assessment:
    """`triage.assessment.assess`, answered from the prepared assessments inside
    `collecting`."""
    prepared = _active.get()
    if prepared is None:
        return assessment.assess(text, language, facts=facts)
    return prepared.answer(text, language, facts)
