"""Who is at risk: the writer ("I want to die") or someone the writer reports."""

import pytest

from triage import assess


@pytest.mark.parametrize(
    "text",
    [
        "죽고 싶어요 더는 못 버티겠어요",
        "I want to kill myself tonight",
        "我不想活了，药都准备好了",
    ],
)
def test_a_first_person_wish_to_die_is_a_self_crisis(text: str) -> None:
    result = assess(text)
    assert result.priority == "critical"
    assert result.self_crisis
    assert result.to_dict()["self_crisis"] is True


@pytest.mark.parametrize(
    "text",
    [
        "옆집 할머니가 죽고 싶다고 하세요",
        "my neighbour says he wants to end it all",
        "邻居奶奶说她不想活了",
        "할머니가 쓰러지셨어요 숨을 안쉬세요",
    ],
)
def test_a_report_about_someone_else_is_not_a_self_crisis(text: str) -> None:
    result = assess(text)
    assert result.priority == "critical"
    assert not result.self_crisis


def test_a_first_person_complaint_without_danger_is_not_a_self_crisis() -> None:
    assert not assess("I think my rent is too high, can you help me").self_crisis
