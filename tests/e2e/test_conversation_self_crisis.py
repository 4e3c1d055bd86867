"""A person writing about their own crisis is answered as a crisis line would: numbers
first, a human message, the chat kept open, staff told who is at risk; no report form."""

from __future__ import annotations

import pytest

from bot.catalog import t
from tests.e2e.conversation_kit import Chat, buttons, reference_in
from tests.fake_telegram import FakeTelegram
from tests.harness import STAFF_CHAT_ID, Sagak, bearer
from tests.updates import Person

OWN_CRISIS = {
    "ko": "더는 못 버티겠어요. 오늘 밤에 죽고 싶어요",
    "en": "I want to die. I cannot go on anymore",
    "zh": "我不想活了，活着太累了",
}
# What the warm message says in each language (acknowledge, not alone, the team, stay).
CARE = {
    "ko": ("고맙습니다", "혼자가 아니에요", "복지 담당자", "대화방"),
    "en": ("Thank you for telling us", "not alone", "welfare team", "stay in this chat"),
    "zh": ("谢谢你", "你并不孤单", "福利工作人员", "留在这个对话里"),
}


def _person(base: int, language: str) -> Person:
    return Person(base + ord(language[0]) * 3 + ord(language[1]), language)


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_a_person_in_crisis_gets_the_numbers_and_a_human_message_not_the_form(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(12000, language))
    [reply] = await chat.say(OWN_CRISIS[language])
    text = reply.params["text"]
    numbered = [line for line in text.splitlines() if line.startswith("• ")]
    assert numbered[0].startswith("• 109")  # suicide prevention first
    assert {"112", "119", "109", "129"} <= {line.split()[1] for line in numbered}
    assert text.index("• 109") < text.index(CARE[language][0])  # the numbers come first
    assert all(words in text for words in CARE[language])
    reference = reference_in(text)
    assert "reply_markup" not in reply.params  # no questions, no location button
    assert t(language, "report.ask_location") not in text
    assert t(language, "question.danger") not in text

    [case] = chat.cases()
    assert case.priority == "critical" and case.facts["self_crisis"] is True
    assert chat.reporter().state == "crisis_chat"
    [alert] = await fake_telegram.wait_for(chat_id=STAFF_CHAT_ID)
    assert reference in alert.params["text"]
    assert alert.params["text"].startswith(
        t("ko", "staff.alert_self", reference=reference, priority="", reasons="")[:12]
    )

    token = sagak.staff_token()
    detail = (await sagak.client.get(f"/api/cases/{case.id}", headers=bearer(token))).json()
    assert detail["self_crisis"] is True and detail["priority"] == "critical"
    [item] = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
    assert item["self_crisis"] is True


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_the_crisis_chat_stays_open_with_care_not_questions(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(12100, language))
    await chat.say(OWN_CRISIS[language])
    [ack] = await chat.say("아무도 신경 안 써요" if language == "ko" else "nobody cares anyway")
    assert ack.params["text"] == t(language, "crisis.followup", first="109")
    assert not buttons(ack)
    [case] = chat.cases()  # it joined the same case
    token = sagak.staff_token()
    detail = (await sagak.client.get(f"/api/cases/{case.id}", headers=bearer(token))).json()
    inbound = [m["text"] for m in detail["messages"] if m["direction"] == "in"]
    assert inbound[-1] in ("아무도 신경 안 써요", "nobody cares anyway")
    assert len(fake_telegram.sent(chat_id=STAFF_CHAT_ID)) == 1  # alerted once

    # Words that say they may act now bring the numbers again, first.
    [again] = await chat.say(OWN_CRISIS[language])
    assert again.params["text"].splitlines()[1].startswith("• 109")
    assert chat.reporter().state == "crisis_chat"


@pytest.mark.parametrize(
    ("language", "own"),
    [
        ("ko", "사실 제 얘기예요. 저도 죽고 싶어요"),
        ("en", "actually it is me, I want to kill myself"),
        ("zh", "其实是我自己，我想死"),
    ],
)
async def test_a_report_that_turns_out_to_be_the_writers_own_crisis_becomes_one(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str, own: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(12200, language))
    [receipt] = await chat.say("옆집에 사는 분이 실직했대요")
    reference = reference_in(receipt.params["text"])
    [reply] = await chat.say(own)
    assert reply.params["text"].splitlines()[1].startswith("• 109")
    assert reference in reply.params["text"]
    [case] = chat.cases()
    assert case.priority == "critical" and case.facts["self_crisis"] is True
    assert chat.reporter().state == "crisis_chat"
    [alert] = await fake_telegram.wait_for(chat_id=STAFF_CHAT_ID)
    assert alert.params["text"].startswith(
        t("ko", "staff.alert_self", reference=reference, priority="", reasons="")[:12]
    )
