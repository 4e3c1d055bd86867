"""Round 2 of issue 11: the kinds of wording the teen, shop and counsellor batches showed.

Every sentence here was written for this test (none is copied from a batch): a plan told
with its means and its hour, a goodbye to the people who helped, a parent of a newborn done
holding on, a joke about dying laughed at the end of its sentence, a message sent to the
wrong chat, a show that "killed me".
"""

from __future__ import annotations

import pytest

from triage import Priority, assess

LIFE_AT_RISK = [
    # Medicine hoarded, said in other words, and a rope bought with a question about weight.
    "我把药一点点攒够了，明天就全吃了",
    "隔壁大哥买了一根粗绳子，问我能不能吊得住六十公斤",
    # A carer who will take a dependent along, the gas cylinder carried in.
    "我实在照顾不动了，想带儿子一起走",
    "煤气罐我已经搬到卧室里了",
    # A goodbye to the welfare team: things in order, no more contact.
    "선생님들께 그동안 신세 많이 졌어요. 짐 정리는 다 해놨습니다. 더 연락드릴 일은 없을 거예요",
    "I've left the rent and a note for my landlord. No need to check on me. Take care.",
    "제가 죽으면 모아둔 통장 돈은 누구한테 가나요? 이번 주 안에 다 정리하려고요",
    "今天把家里的东西都收拾好了，药也买好了",
    # Where they stand, and that they want no help; a last look posted from a high place.
    "i don't want any help, i'm standing on the bridge now",
    "she sent a photo of a rope with 'finally found my way out'",
    "친구가 단톡에 '한강 다리 위에서 보는 노을 마지막이다 ㅎㅎ' 올렸어요",
    # A parent of a newborn done holding on.
    "My wife gave birth two weeks ago and tonight she said she can't go on anymore",
    "刚生完孩子，我真的撑不下去了",
    # A regular who has not come for days, and leaflets piled at the door.
    "매일 오시던 할머니가 나흘째 안 오셔서 가봤더니 문앞에 전단지가 수북해요",
]


@pytest.mark.parametrize("text", LIFE_AT_RISK)
def test_a_life_at_risk_in_plain_words_is_critical(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL, result.reasons
    assert result.imminent_danger


FIGURES_OF_SPEECH = [
    "엄마 나 아직 밥도 못 먹었어 배고파 죽겠다 앗 잘못 보냈네요",
    "starving, haven't eaten since breakfast lol sorry wrong chat",
    "饿死了，一天没吃饭了，发错群了",
    "the season finale totally killed me",
    "this homework is literally killing me",
]


@pytest.mark.parametrize("text", FIGURES_OF_SPEECH)
def test_a_figure_of_speech_is_not_above_normal(text: str) -> None:
    assert assess(text).priority in (Priority.NORMAL, Priority.LOW)


def test_a_message_sent_to_the_wrong_chat_still_reports_a_danger_to_life() -> None:
    text = "sorry wrong chat but my neighbour just collapsed and isn't breathing"
    assert assess(text).priority is Priority.CRITICAL


def test_a_joke_laughed_at_the_end_of_its_sentence_is_a_joke() -> None:
    # The laughter is more than 12 characters from "jump from the roof", in the same sentence.
    text = "my cousin says he'll jump from the roof of the office tower one day, hahaha"
    result = assess(text)
    assert result.priority is Priority.NORMAL
    assert [reason.code for reason in result.reasons] == ["suicide_risk"]


def test_laughter_in_another_sentence_does_not_make_a_jump_a_joke() -> None:
    text = "He texted that he will jump from the roof tonight. Earlier he was laughing, haha."
    assert assess(text).priority is Priority.CRITICAL


@pytest.mark.parametrize(
    "text",
    [
        "I left the keys and a note for the plumber",
        "药买好了，感冒好多了，谢谢关心",
        "I can't do this anymore, my landlord raised the rent again",
    ],
)
def test_ordinary_errands_and_sighs_are_not_critical(text: str) -> None:
    assert assess(text).priority is not Priority.CRITICAL


@pytest.mark.parametrize(
    "text",
    [
        "동생이 밤에 '살기 싫다' 그러더니 아침에 물어보니 그냥 해본 소리였대요. 그래도 좀 걱정돼요",
        "我室友昨晚说'想死' 今天说只是发泄一下 不过她最近一直不出门",
        "my coworker said 'i wanna die' after the meeting, then said she was just venting",
    ],
)
def test_a_wish_to_die_taken_back_later_is_a_household_to_check(text: str) -> None:
    # Taken back by the person, at any distance from the words: kept as a reason, normal.
    result = assess(text)
    assert result.priority is Priority.NORMAL
    assert "suicide_risk" in [reason.code for reason in result.reasons]


def test_a_wish_to_die_taken_back_keeps_any_other_danger_critical() -> None:
    text = "He said he wants to die, then said he was joking, but I found a rope in his car"
    assert assess(text).priority is Priority.CRITICAL


def test_a_classmate_s_last_post_is_not_the_writer_s_own_crisis() -> None:
    # Critical, and about someone else: the reporter gets the neighbour-report flow.
    result = assess("같은반 애가 단톡에 '한강 다리 위에서 보는 노을 마지막이다' 올렸어요")
    assert result.priority is Priority.CRITICAL
    assert not result.self_crisis
