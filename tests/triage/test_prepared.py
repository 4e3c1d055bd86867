"""Assessments worked out ahead: long texts are never assessed while a round is collecting."""

from __future__ import annotations

import pytest

from triage import Priority, assess, assessment
from triage.prepared import INLINE_CHARS, PROVISIONAL, Prepared, collecting

LONG = "옆집 할머니가 며칠째 안 보이시고 불이 꺼져 있어요. " * 20


def test_outside_a_round_assess_simply_computes() -> None:
    assert assess(LONG) == assessment.assess(LONG)


def test_a_long_text_is_noted_and_answered_later_never_assessed_in_the_round(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert len(LONG) > INLINE_CHARS
    prepared = Prepared()
    real = assessment.assess

    def refused(*args: object, **kwargs: object) -> object:
        raise AssertionError("assessed inside the round")

    monkeypatch.setattr(assessment, "assess", refused)
    with collecting(prepared):
        first = assess(LONG, "ko", facts={"source": "resident"})
    assert first is PROVISIONAL and len(prepared.missing) == 1
    monkeypatch.setattr(assessment, "assess", real)
    assert prepared.compute_missing() == 1 and not prepared.missing
    monkeypatch.setattr(assessment, "assess", refused)
    with collecting(prepared):
        again = assess(LONG, "ko", facts={"source": "resident"})
        other_facts = assess(LONG, "ko", facts={"source": "volunteer"})
    assert again.priority is Priority.CRITICAL  # the real answer, worked out outside
    assert other_facts is PROVISIONAL  # other facts, another assessment


def test_a_short_text_is_assessed_in_place() -> None:
    prepared = Prepared()
    with collecting(prepared):
        found = assess("옆집 할머니가 쓰러져서 숨을 안 쉬어요")
    assert found.priority is Priority.CRITICAL and not prepared.missing
