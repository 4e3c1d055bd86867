"""What typed while we ask "where?" reads as a place, and what reads as more of the report."""

from __future__ import annotations

import pytest

from bot.address_words import Reading, reading


@pytest.mark.parametrize(
    "text",
    [
        "서산시 읍내동 123-4",
        "서령로 12, 2층",
        "읍내동 주공아파트 101동 302호",
        "시장 앞 파란 대문 집",  # a short place phrase, no numbers
        "성당 옆 골목",
        "12 Seoryeong-ro",
        "Apt 3, 14 Main Street",
        "the blue house by the market",
        "behind the church",
        "人民路12号",
        "和平小区3栋",
    ],
)
def test_addresses_and_short_place_phrases_read_as_a_place(text: str) -> None:
    assert reading(text) is Reading.PLACE


@pytest.mark.parametrize(
    "text",
    [
        "그리고 밤에 불도 안 켜져 있어요. 걱정돼요.",  # issue 14's second message
        "옆집 할아버지가 요즘 통 안 보이세요.",
        "집 앞에 우편물이 쌓여 있어요",
        "and the lights are off at night too",
        "also I am worried",
        "he hasn't been out for days",
        "而且晚上灯也不亮，我很担心",
        "还有他家的信堆了很多",
        "他好几天没出门了",
    ],
)
def test_more_words_about_the_person_read_as_the_report(text: str) -> None:
    assert reading(text) is Reading.REPORT


def test_a_long_sentence_without_an_address_word_is_the_report() -> None:
    assert reading("the whole family from the blue house near the market") is Reading.REPORT


@pytest.mark.parametrize(
    "text", ["그 할머니는 302호에 사세요", "읍내동이에요", "I think he lives at 14 Main Street"]
)
def test_an_address_inside_a_sentence_is_unsure(text: str) -> None:
    assert reading(text) is Reading.UNSURE
