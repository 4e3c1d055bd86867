"""A quick second sentence is more of the report, not the answer to "where?" (issue 14)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from bot.catalog import t
from bot.states import DANGER, LOCATION
from storage.models import Message
from tests.e2e.conversation_kit import Chat, no_danger, reference_in
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak
from tests.updates import Person

# The report, a second sentence sent before reading the question, another one sent while
# we ask where, and the real address.
SAID = {
    "ko": (
        "옆집 할아버지가 요즘 통 안 보이세요.",
        "그리고 밤에 불도 안 켜져 있어요. 걱정돼요.",
        "또 예전엔 아침마다 공원에 나오셨어요.",
        "서산시 읍내동 123-4",
    ),
    "en": (
        "The old man next door hasn't been seen lately.",
        "And the lights are never on at night. I'm worried.",
        "Also he used to sit on the bench every morning.",
        "12 Seoryeong-ro",
    ),
    "zh": (
        "隔壁的老爷爷最近都没出现。",
        "而且晚上灯也不亮，我很担心。",
        "还有他以前每天早上都在公园散步。",
        "人民路12号",
    ),
}


def _reporter_words(chat: Chat) -> list[str]:
    [case] = chat.cases()
    with Session(chat.sagak.engine) as session:
        rows = session.exec(
            select(Message)
            .where(col(Message.case_id) == case.id, col(Message.direction) == "in")
            .order_by(col(Message.id))
        ).all()
        return [row.text or "" for row in rows]


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_a_second_sentence_joins_the_report_and_where_stays_open(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    report, second, third, address = SAID[language]
    chat = Chat(sagak, fake_telegram, Person(7400 + ord(language[0]), language))
    [receipt] = await chat.say(report)
    reference = reference_in(receipt.params["text"])

    # Sent before the question was read: the sentence joins the case. In Korean the two
    # sentences together read as a life at risk (an old man unseen, lights off): the
    # numbers, then where. Otherwise the danger question stays open.
    if language == "ko":
        numbers, added, where = await chat.say(second, expect=3)
        assert "119" in numbers.params["text"]
        assert where.params["text"] == t(language, "report.ask_location")
        assert chat.reporter().state == LOCATION
    else:
        [added] = await chat.say(second)
        assert chat.reporter().state == DANGER
        await no_danger(chat)
    assert added.params["text"] == t(language, "report.followup_added", reference=reference)
    assert _reporter_words(chat) == [report, second]
    assert chat.cases()[0].address is None

    # Another sentence while we ask where: it joins the case, nothing is stored as the
    # place, and we ask where again.
    added, where = await chat.say(third, expect=2)
    assert added.params["text"] == t(language, "report.followup_added", reference=reference)
    assert where.params["text"] == t(language, "report.ask_location")
    assert where.params["reply_markup"]["keyboard"][0][0]["request_location"] is True
    [case] = chat.cases()
    assert case.address is None and case.latitude is None
    assert chat.reporter().state == LOCATION
    assert _reporter_words(chat)[-1] == third

    # A real address is still the place.
    saved, _ = await chat.say(address, expect=2)
    assert saved.params["text"] == t(language, "report.address_saved", reference=reference)
    assert chat.cases()[0].address == address


async def test_an_address_inside_a_sentence_is_kept_both_ways_and_asked_again(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(7490, "ko"))
    [receipt] = await chat.say("옆집 할아버지가 요즘 통 안 보이세요.")
    reference = reference_in(receipt.params["text"])
    await no_danger(chat)
    sentence = "그 할아버지는 302호에 사세요"
    [asked] = await chat.say(sentence)
    expected = t("ko", "report.address_unsure", reference=reference, address=sentence)
    assert asked.params["text"] == expected
    assert chat.cases()[0].address == sentence
    assert sentence in _reporter_words(chat)
    assert chat.reporter().state == LOCATION  # a corrected place can still come
    saved, _ = await chat.say("서산시 읍내동 123-4", expect=2)
    assert saved.params["text"] == t("ko", "report.address_saved", reference=reference)
    assert chat.cases()[0].address == "서산시 읍내동 123-4"
