"""The safety net: every receipt's emergency line, and "may a life be in danger right now?"
asked first, before where, with yes / no / not sure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from bot.catalog import t
from storage.models import CaseEvent
from tests.e2e.conversation_kit import Chat, buttons, data_for, press, reference_in
from tests.fake_telegram import FakeTelegram
from tests.harness import STAFF_CHAT_ID, Sagak, bearer
from tests.updates import Person

# Reports triage does not rate critical: the reporter is asked.
MILD = {
    "ko": "윗집 할아버지가 요즘 밥을 잘 못 드세요",
    "en": "My elderly neighbour has had no heating all week",
    "zh": "楼上的老爷爷最近吃不下饭",
}
CRITICAL = {
    "ko": "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요",
    "en": "My neighbour bought charcoal and pills and says he wants to end it all",
    "zh": "隔壁大叔买了木炭，说不想活了，想不开",
}
NUMBERS = ("112", "119", "109", "129")
ANSWER_KEYS = ("answer.danger_yes", "answer.danger_no", "answer.danger_unsure")


def _person(base: int, language: str) -> Person:
    return Person(base + ord(language[0]) * 3 + ord(language[1]), language)


def emergency_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if all(n in line for n in NUMBERS)]


def events(chat: Chat, case_id: int | None) -> list[CaseEvent]:
    with Session(chat.sagak.engine) as session:
        return list(
            session.exec(
                select(CaseEvent)
                .where(col(CaseEvent.case_id) == case_id)
                .order_by(col(CaseEvent.id))
            ).all()
        )


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_receipt_has_the_emergency_line_and_asks_about_danger_before_where(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(11000, language))
    [receipt] = await chat.say(MILD[language])
    text = receipt.params["text"]
    reference_in(text)
    [line] = emergency_lines(text)
    assert t(language, "hotline_short.suicide") in line  # labelled in their language
    assert text.endswith(t(language, "question.danger"))
    assert t(language, "report.ask_location") not in text
    assert [b["text"] for b in buttons(receipt)] == [t(language, key) for key in ANSWER_KEYS]
    [case] = chat.cases()
    assert all(b["callback_data"].startswith(f"q:{case.id}:dg:") for b in buttons(receipt))
    assert case.priority != "critical"
    assert chat.reporter().state == "q_danger"


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_a_critical_report_is_not_asked_and_goes_on_to_where(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(11100, language))
    numbers, receipt = await chat.say(CRITICAL[language], expect=2)
    assert numbers.params["text"].startswith("⚠️")
    assert len(emergency_lines(receipt.params["text"])) == 1
    assert receipt.params["text"].endswith(t(language, "report.ask_location"))
    assert receipt.params["reply_markup"]["keyboard"][0][0]["request_location"] is True
    assert t(language, "question.danger") not in receipt.params["text"]


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_yes_makes_the_case_critical_with_numbers_and_a_staff_alert(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(11200, language))
    [receipt] = await chat.say(MILD[language])
    reference = reference_in(receipt.params["text"])
    numbers, toast, tick, where = await chat.send(press(chat.person, data_for(receipt, "yes")), 4)
    assert numbers.params["text"].startswith(t(language, "emergency.numbers", hotlines="")[:8])
    assert {"112", "119", "109", "129"} <= set(numbers.params["text"].split())
    assert toast.method == "answerCallbackQuery"
    ticked = [b["text"] for row in tick.params["reply_markup"]["inline_keyboard"] for b in row]
    assert "✅ " + t(language, "answer.danger_yes") in ticked
    assert where.params["text"] == t(language, "report.ask_location")
    [case] = chat.cases()
    assert case.priority == "critical"
    assert case.due_at - case.updated_at <= timedelta(hours=1)  # the critical clock
    kinds = [e.kind for e in events(chat, case.id)]
    assert {"danger_answered", "priority_raised", "staff_alerted"} <= set(kinds)
    [alert] = await fake_telegram.wait_for(chat_id=STAFF_CHAT_ID)
    assert reference in alert.params["text"]
    assert t("ko", "reason.reporter_says_danger") in alert.params["text"]  # staff read words

    # Later words that sound calm never lower it: the reporter's "yes" holds.
    await chat.say("서산시 읍내동 12", expect=2)
    await chat.say("지금은 조용해요")
    assert chat.cases()[0].priority == "critical"


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_not_sure_raises_to_high_and_flags_the_case_for_a_look(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(11300, language))
    [receipt] = await chat.say("옆집에 사는 분이 실직했대요")
    assert chat.cases()[0].priority in ("normal", "low")
    _toast, _tick, noted, where = await chat.send(
        press(chat.person, data_for(receipt, "unsure")), 4
    )
    assert noted.params["text"].startswith(t(language, "danger.unsure_noted", numbers="")[:10])
    assert where.params["text"] == t(language, "report.ask_location")
    [case] = chat.cases()
    assert case.priority == "high"
    assert fake_telegram.sent(chat_id=STAFF_CHAT_ID) == []  # a look, not an alarm

    token = sagak.staff_token()
    detail = (await sagak.client.get(f"/api/cases/{case.id}", headers=bearer(token))).json()
    assert detail["needs_review"] is True and detail["danger_answer"] == "unsure"
    assert "reporter_unsure_danger" in [r["code"] for r in detail["reasons"]]
    [item] = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
    assert item["needs_review"] is True


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_no_moves_straight_on_to_where(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(11400, language))
    [receipt] = await chat.say(MILD[language])
    before = chat.cases()[0].priority
    _toast, _tick, where = await chat.send(press(chat.person, data_for(receipt, "no")), 3)
    assert where.params["text"] == t(language, "report.ask_location")
    assert where.params["reply_markup"]["keyboard"][0][0]["request_location"] is True
    assert chat.cases()[0].priority == before
    assert chat.cases()[0].facts["danger_now"] == "no"


@pytest.mark.parametrize(("language", "typed"), [("ko", "네"), ("en", "Yes!"), ("zh", "是的")])
async def test_the_answer_can_be_typed(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str, typed: str
) -> None:
    chat = Chat(sagak, fake_telegram, _person(11500, language))
    await chat.say(MILD[language])
    numbers, where = await chat.say(typed, expect=2)
    assert numbers.params["text"].startswith("⚠️")
    assert where.params["text"] == t(language, "report.ask_location")
    assert chat.cases()[0].priority == "critical"


async def test_an_old_danger_button_pressed_later_still_counts(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(11601, "ko"))
    [receipt] = await chat.say(MILD["ko"])
    await chat.say("건너뛰기")  # skipped: where? comes next
    assert chat.reporter().state == "awaiting_location"
    numbers, _toast, _tick = await chat.send(press(chat.person, data_for(receipt, "yes")), 3)
    assert numbers.params["text"].startswith("⚠️")
    assert chat.cases()[0].priority == "critical"
    assert chat.reporter().state == "awaiting_location"  # the question asked stays open
