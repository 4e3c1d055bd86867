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


@pytest.mark.parametrize(
    "text",
    [
        # Asking others to look after the children ("살펴봐 달라고") is no quotation.
        "애들은 언니한테 맡겼어요. 통장은 정리해서 서랍에 넣어뒀고요. 애들 좀 살펴봐 달라고 여기 "
        "남겨요. 그동안 고마웠습니다",
        "다 정리했어요. 이제 아무도 저 때문에 고생 안 해도 돼요.",
    ],
)
def test_a_first_person_goodbye_said_sideways_is_a_self_crisis(text: str) -> None:
    result = assess(text)
    assert result.priority == "critical"
    assert result.self_crisis


@pytest.mark.parametrize(
    "text",
    [
        # English or Chinese punctuation is no Korean first person.
        "My friend posted 'thank you all for everything, goodbye' and nobody can reach her.",
        "我同学昨晚发朋友圈说'谢谢大家，再见了'，之后一直联系不上。",
    ],
)
def test_a_friends_goodbye_is_not_the_writers_crisis(text: str) -> None:
    result = assess(text)
    assert result.priority == "critical"
    assert not result.self_crisis


def test_a_neighbours_observation_without_a_subject_is_not_the_writers_crisis() -> None:
    # Korean drops the subject in a neighbour's report as in a wish to die; only a wish to
    # die (or "I" said outright) makes the writer the person at risk.
    result = assess("우편물이 문 앞에 잔뜩 쌓여 있어요")
    assert not result.self_crisis
