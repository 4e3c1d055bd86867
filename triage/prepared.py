"""Assessments worked out ahead, so the database never waits on triage.

A caller that holds a transaction (the inbox worker applying an update) runs its work
inside `only_prepared(prepared)`. There, `assess` answers from what was prepared; an
assessment not prepared yet raises `AssessmentNeeded` instead of computing it. The caller
rolls back, computes it with no transaction open (`prepared.compute`), and tries again:
each round learns one more assessment, and the round that needs nothing new is the one
that commits. Outside `only_prepared`, `assess` simply computes.
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

_Key = tuple[str, str | None, str]


def _key(text: str, language: str | None, facts: Mapping[str, Any] | None) -> _Key:
    return text, language, json.dumps(facts or {}, sort_keys=True, default=str)


class AssessmentNeeded(BaseException):
    """An assessment the transaction would have had to wait for.

    A BaseException, like GeneratorExit, so that no `except Exception` on the way up
    mistakes it for a failure of the dialogue.
    """

    def __init__(self, text: str, language: str | None, facts: Mapping[str, Any] | None):
        super().__init__("assessment not prepared")
        self.text = text
        self.language = language
        self.facts = copy.deepcopy(dict(facts)) if facts is not None else None


@dataclass
class Prepared:
    """The assessments worked out so far for one piece of work."""

    done: dict[_Key, Assessment] = field(default_factory=dict)

    def compute(self, needed: AssessmentNeeded) -> None:
        """Work out a needed assessment (the CPU-heavy part; call it with no transaction open)."""
        result = assessment.assess(needed.text, needed.language, facts=needed.facts)
        self.done[_key(needed.text, needed.language, needed.facts)] = result


_active: ContextVar[Prepared | None] = ContextVar("triage_prepared", default=None)


@contextmanager
def only_prepared(prepared: Prepared) -> Iterator[None]:
    """Within this block `assess` never computes: it answers from `prepared` or raises."""
    token = _active.set(prepared)
    try:
        yield
    finally:
        _active.reset(token)


def assess(
    text: str, language: str | None = None, *, facts: Mapping[str, Any] | None = None
) -> Assessment:
    """`triage.assessment.assess`, answered from the prepared assessments when asked to."""
    prepared = _active.get()
    if prepared is None:
        return assessment.assess(text, language, facts=facts)
    found = prepared.done.get(_key(text, language, facts))
    if found is None:
        raise AssessmentNeeded(text, language, facts)
    return found
