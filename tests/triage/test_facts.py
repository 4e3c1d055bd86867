"""The reporter's structured answers and the report's provenance count in triage."""

from __future__ import annotations

from triage import Priority, assess


def codes(text: str, **facts: object) -> set[str]:
    return {reason.code for reason in assess(text, facts=facts).reasons}


def test_an_elderly_person_living_alone_is_a_household_to_check() -> None:
    assert assess("한번 들여다봐 주세요").priority is Priority.LOW
    answered = assess("한번 들여다봐 주세요", facts={"age_band": "elderly", "lives_alone": True})
    assert answered.priority is Priority.NORMAL
    assert "elderly_alone" in codes("한번 들여다봐 주세요", elderly=True, lives_alone=True)


def test_children_in_the_household_turn_hunger_into_child_hunger() -> None:
    assert "child_hunger" in codes("며칠째 밥을 굶고 있어요", children=True)


def test_a_volunteers_tip_and_several_reporters_raise_the_score() -> None:
    plain = assess("어르신이 혼자 사세요")
    tip = assess("어르신이 혼자 사세요", facts={"source": "volunteer"})
    three = assess("어르신이 혼자 사세요", facts={"reporters": 3})
    assert tip.score > plain.score and three.score > tip.score
    assert three.priority is Priority.HIGH


def test_the_reporters_urgency_cannot_lower_a_critical_report() -> None:
    for urgency in ("now", "today", "soon", "unsure"):
        result = assess("번개탄을 사 가셨어요", facts={"reporter_urgency": urgency})
        assert result.priority is Priority.CRITICAL


def test_bonuses_never_make_a_report_critical_without_an_imminent_reason() -> None:
    facts = {"source": "volunteer", "reporters": 5, "reporter_urgency": "now"}
    result = assess("전기가 끊겼어요", facts=facts)
    assert result.priority is Priority.HIGH
    assert not result.imminent_danger


def test_nothing_lifts_spam_noise_or_a_resolved_report() -> None:
    facts = {"source": "volunteer", "reporters": 3, "reporter_urgency": "now"}
    for text in ("카지노 바카라 문의", "층간소음 때문에 힘들어요", "이제 괜찮으시대요"):
        assert assess(text, facts=facts).priority is Priority.LOW, text


def test_crisis_types_named_by_the_reporter_are_shown() -> None:
    result = assess("도와주세요", facts={"crisis_types": ["livelihood", "housing"]})
    assert result.priority is Priority.NORMAL
    [reason] = [r for r in result.reasons if r.code == "crisis_type"]
    assert reason.matched == "facts: livelihood, housing"


def test_malformed_answers_are_ignored() -> None:
    odd = {"reporters": "many", "lives_alone": "yes", "crisis_types": "health", "age_band": 3}
    assert assess("할머니", facts=odd).priority in set(Priority)
