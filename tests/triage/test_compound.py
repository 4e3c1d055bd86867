"""Danger made of parts, and crisis said sideways (issue 11's miss families).

Each sentence was written for these tests in the three languages; none is from a batch.
Before clause scoring, ``triage.compound`` and ``triage.sideways`` most of them were high,
normal or low.
"""

from __future__ import annotations

import pytest

from triage import Priority, assess

# A person with dementia missing in the cold.
DEMENTIA_MISSING = [
    "My dad has dementia and walked out about 4 hours ago in just his slippers and a thin "
    "shirt, no phone. It's snowing and will be minus 10 tonight.",
    "치매 있으신 어머니가 아침에 얇은 옷만 입고 나가셨는데 다섯 시간째 안 들어오세요. "
    "핸드폰도 두고 가셨고 밖에 눈 와요.",
    "我爸有老年痴呆，下午穿着单衣出门，到现在六个小时了还没回来，手机也没带，外面零下八度。",
]
# A child alone for days with no food; a frail, confused elder without heating in the
# cold; a heart condition, breathless, now not answering.
COMPOUND = [
    "옆집 일곱 살 아이가 사흘째 혼자 있어요. 엄마는 안 들어오고 집에 먹을 게 하나도 없대요.",
    "The old lady at 14 is very frail and confused, her heating has been off for two days "
    "and it's below freezing at night.",
    "아랫집 할머니가 거동도 못 하시고 정신도 오락가락하시는데 보일러가 고장나서 "
    "이틀째 난방이 안 돼요. 밤엔 영하 10도예요.",
    "楼下奶奶卧床，有点糊涂了，暖气坏了两天，晚上零下十几度。",
    "아버지가 심장이 안 좋으신데 한 시간 전에 숨이 차다고 전화하시더니 지금 전화를 안 받으세요.",
]
# First-person crisis without a word of dying.
SIDEWAYS_SELF = [
    "I'm standing on the bridge near the station. I've given my cat to my sister and sorted "
    "all my papers. Everyone will be free of me soon.",
    "저 지금 옥상에 서 있어요. 통장이랑 비밀번호 다 정리해서 동생한테 넘겼어요. "
    "이제 다들 저 때문에 힘들 일 없을 거예요.",
    "我现在站在江边。东西都整理好了，猫也送人了。以后大家就不用再为我操心了。",
    "I've put everything in order and given away my guitar. Soon nobody will have to deal "
    "with me anymore.",
    "다 정리했어요. 이제 아무도 저 때문에 고생 안 해도 돼요.",
    "我把该交代的都交代好了，以后你们就解脱了。",
]
# Someone close said goodbye, then went silent.
FAREWELL_THEN_SILENCE = [
    "친구가 어젯밤 인스타에 '그동안 고마웠어 다들 잘 지내' 올리고 나서 연락이 안 돼요.",
    "我同学昨晚发朋友圈说'谢谢大家，再见了'，之后一直联系不上。",
]


@pytest.mark.parametrize("text", DEMENTIA_MISSING + COMPOUND)
def test_a_vulnerable_person_a_hazard_and_time_are_critical(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    assert result.imminent_danger
    assert "vulnerable_in_danger" in {reason.code for reason in result.reasons}
    assert not result.self_crisis


@pytest.mark.parametrize("text", SIDEWAYS_SELF)
def test_a_first_person_crisis_said_sideways_is_a_critical_self_crisis(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    assert result.self_crisis
    assert "suicide_risk" in {reason.code for reason in result.reasons}


@pytest.mark.parametrize("text", FAREWELL_THEN_SILENCE)
def test_a_goodbye_then_silence_about_someone_else_is_critical(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    assert "suicide_risk" in {reason.code for reason in result.reasons}
    assert not result.self_crisis


@pytest.mark.parametrize(
    "text",
    [
        # Children in a cold flat or short of food with their parent: high, not critical.
        "a mum with two toddlers told me they've had nothing to eat since yesterday",
        "초등학생이 하루종일 혼자 있어요 밥도 혼자 라면으로 때워요",
        "아랫집 할아버지 댁 보일러가 고장나서 며칠째 난방이 안된대요",
        # Someone doing well is no goodbye.
        "할머니는 잘 지내세요, 요즘 전화를 잘 안 받으시긴 해요",
    ],
)
def test_parts_without_a_vulnerable_person_stay_below_critical(text: str) -> None:
    assert assess(text).priority is not Priority.CRITICAL


@pytest.mark.parametrize("text", ["배고파 죽겠다", "that movie killed me", "饿死了"])
def test_figures_of_speech_stay_at_most_normal(text: str) -> None:
    assert assess(text).priority in (Priority.LOW, Priority.NORMAL)


def test_thanks_for_everything_while_giving_everything_away_is_critical() -> None:
    # "Probably nothing, but" is a hedge, not "it has passed".
    result = assess(
        "별일 아니겠지만 아랫집 아저씨가 그동안 고마웠다면서 키우던 강아지 물건을 전부 저한테 주고 "
        "가셨어요."
    )
    assert result.priority is Priority.CRITICAL
    assert "resolved" not in {reason.code for reason in result.reasons}


@pytest.mark.parametrize(
    ("text", "not_read"),
    [
        # "혼자살" holds 자살 and "장애가" holds 애가 once the spaces are gone.
        ("다리 장애가 있어서 휠체어 타고 혼자 살아요. 활동지원사 받을 수 있나요", "suicide_risk"),
        ("다리 장애가 있어서 휠체어 타고 혼자 살아요. 활동지원사 받을 수 있나요", "child_alone"),
    ],
)
def test_korean_words_across_a_missing_space_are_not_misread(text: str, not_read: str) -> None:
    result = assess(text)
    assert not_read not in {reason.code for reason in result.reasons}
    assert result.priority is not Priority.CRITICAL


@pytest.mark.parametrize(
    "text",
    [
        "친구가 '그동안 감사했어 내 몫까지 잘 살아' 라고 보내고 전화기를 꺼버렸어요",
        "아이들은 언니한테 맡겼고 통장은 정리해서 서랍에 넣어뒀어요. 그동안 고마웠어요",
        "I've left notes for my family on the table. Someone should check before morning.",
        "gave my cat to my neighbour today. going down to the river tonight.",
        "我现在在天台上，真的撑不下去了",
        # Stroke, carbon monoxide, someone who cannot be woken: said in other words.
        "할아버지가 갑자기 말씀이 어눌해지시고 왼팔을 못 드세요",
        "He's got a briquette burner going in his room and the window gaps taped over",
        "路边有个大爷躺着，怎么叫都醒不过来",
    ],
)
def test_goodbyes_and_emergencies_in_other_words_are_critical(text: str) -> None:
    assert assess(text).priority is Priority.CRITICAL


@pytest.mark.parametrize(
    "text",
    [
        "그동안 고마웠어요 이사 가요 다들 잘 지내세요",
        "the old lady gave her cat to her daughter when she moved into care",
    ],
)
def test_an_ordinary_goodbye_or_gift_is_not_critical(text: str) -> None:
    assert assess(text).priority is not Priority.CRITICAL
