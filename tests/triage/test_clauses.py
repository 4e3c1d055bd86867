"""A long report is read clause by clause: one dangerous item is not drowned by the rest."""

from __future__ import annotations

import pytest

from triage import Priority, assess
from triage.clauses import items, sentences

ROUND_UPS = [
    (
        "Round-up for this week:\n- Mrs Park at no. 4: boiler fixed, she is fine now.\n"
        "- Lunch club restarted, 12 came.\n- Mr Lee in 4B told me he has said his goodbyes "
        "and bought charcoal, and he won't open the door today."
    ),
    (
        "주간 보고입니다. 1. 302호 할머니 보일러 수리 완료, 이제 괜찮으세요. 2. 경로당 점심 재개, "
        "열 분 넘게 나오셨어요. 3. 5통 김씨 아저씨가 번개탄을 사서 방에 들여놓고 오늘은 문을 안 "
        "열어주세요."
    ),
    (
        "本周汇总：\n1. 3号楼王奶奶暖气修好了，现在没事了。\n2. 活动室重新开放。\n"
        "3. 5号楼刘大叔说他把遗书写好了，买了一箱安眠药，今天一直不开门。"
    ),
]


@pytest.mark.parametrize("text", ROUND_UPS)
def test_one_dangerous_item_of_a_round_up_makes_it_critical(text: str) -> None:
    # Another item's "she is fine now" is about someone else: it must not calm this one.
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    assert result.imminent_danger
    assert "suicide_means" in {reason.code for reason in result.reasons}


def test_a_resolution_in_the_same_story_still_calms_it() -> None:
    # One narrative, no list: "fine now" may well be about the same danger, so the whole
    # report's reading stands (high: someone still checks within a day).
    text = (
        "Quick update: Mrs Kim is fine now, her son visited. Also the man at 12 said he "
        "bought charcoal and taped his windows yesterday, and he doesn't answer."
    )
    assert assess(text).priority is Priority.HIGH


def test_items_and_sentences_split_on_lines_bullets_numbers_and_endings() -> None:
    assert items("점검 결과\n- 1층 이상 없음\n2) 2층 할머니 식사 못 하심") == [
        "점검 결과",
        "1층 이상 없음",
        "2층 할머니 식사 못 하심",
    ]
    assert sentences("문이 잠겨 있어요 아기 혼자 울어요. 도와주세요!") == [
        "문이 잠겨 있어요",
        "아기 혼자 울어요",
        "도와주세요",
    ]
    assert sentences("他没回来。外面零下十度！") == ["他没回来", "外面零下十度"]
