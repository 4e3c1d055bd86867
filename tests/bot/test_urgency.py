"""The safety net in the dialogue: emergency numbers first, and "may a life be in danger
right now?" asked first after the receipt, answered yes / no / not sure, pressed or typed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.catalog import t
from bot.hotlines import parse_hotlines
from bot.inbound import Keyboard, Method
from bot.states import DANGER, LOCATION
from bot.turn import DialogueConfig
from storage import life_at_risk
from tests.bot.dialogue_kit import (
    STAFF_CHAT_ID,
    Dialogue,
    Person,
    asks_location,
    data_for,
    flat,
    labels,
    reference_in,
)

LANGUAGES = ("ko", "en", "zh")
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


def emergency_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if all(n in line for n in NUMBERS)]


def listed(text: str) -> list[str]:
    """The numbers of a "• 119 ..." list, in order."""
    return [line.split()[1] for line in text.splitlines() if line.startswith("• ")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_receipt_has_the_emergency_line_and_asks_about_danger_before_where(
    engine: Engine, language: str
) -> None:
    chat = Dialogue(engine, Person(1, language))
    [receipt] = chat.say(MILD[language])
    assert receipt.language == language
    reference_in(receipt.text)
    [line] = emergency_lines(receipt.text)
    assert t(language, "hotline_short.suicide") in line  # labelled in their language
    assert receipt.text.endswith(t(language, "question.danger"))
    assert t(language, "report.ask_location") not in receipt.text
    assert labels(receipt) == [t(language, key) for key in ANSWER_KEYS]
    case = chat.case()
    assert all(b.data.startswith(f"q:{case.id}:dg:") for b in flat(receipt))
    assert case.priority != "critical"
    assert chat.state() == DANGER
    assert chat.staff == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_life_at_risk_gets_the_numbers_before_the_receipt_and_goes_on_to_where(
    engine: Engine, language: str
) -> None:
    chat = Dialogue(engine, Person(2, language))
    numbers, receipt = chat.say(CRITICAL[language])
    assert numbers.text.startswith(t(language, "emergency.numbers", hotlines="")[:8])
    assert numbers.urgent and numbers.essential
    assert listed(numbers.text)[0] in ("119", "109")  # suicide means: first
    assert set(NUMBERS) <= set(listed(numbers.text))
    assert len(emergency_lines(receipt.text)) == 1
    assert receipt.text.endswith(t(language, "report.ask_location"))
    assert asks_location(receipt)
    assert t(language, "question.danger") not in receipt.text
    assert chat.case().priority == "critical"
    assert chat.state() == LOCATION
    [alert] = chat.staff
    assert alert.chat_id == STAFF_CHAT_ID and alert.language == "ko"
    assert reference_in(receipt.text) in alert.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_yes_makes_the_case_critical_with_numbers_and_a_staff_alert(
    engine: Engine, language: str
) -> None:
    chat = Dialogue(engine, Person(3, language))
    receipt = chat.report(MILD[language])
    reference = reference_in(receipt.text)
    numbers, toast, tick, where = chat.press(data_for(receipt, "yes"), message_id=41)
    assert toast.method is Method.ANSWER_CALLBACK
    assert numbers.text.startswith(t(language, "emergency.numbers", hotlines="")[:8])
    assert set(NUMBERS) <= set(numbers.text.split())
    assert tick.method is Method.EDIT_BUTTONS and tick.target_message_id == 41
    assert "✅ " + t(language, "answer.danger_yes") in labels(tick)
    assert where.text == t(language, "report.ask_location")
    case = chat.case()
    assert case.priority == "critical"
    assert case.due_at is not None and case.updated_at is not None
    assert case.due_at - case.updated_at <= timedelta(hours=1)  # the critical clock
    assert {"danger_answered", "priority_raised", "staff_alerted"} <= set(chat.events(case.id))
    [alert] = chat.staff
    assert reference in alert.text
    assert t("ko", "reason.reporter_says_danger") in alert.text  # staff read words

    # Later words that sound calm never lower it: the reporter's "yes" holds.
    chat.say("서산시 읍내동 12")
    chat.say("지금은 조용해요")
    assert chat.case().priority == "critical"


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_sure_raises_to_high_and_flags_the_case_for_a_look_without_an_alert(
    engine: Engine, language: str
) -> None:
    chat = Dialogue(engine, Person(4, language))
    receipt = chat.report("옆집에 사는 분이 실직했대요")
    assert chat.case().priority in ("normal", "low")
    _toast, _tick, noted, where = chat.press(data_for(receipt, "unsure"))
    assert noted.text.startswith(t(language, "danger.unsure_noted", numbers="")[:10])
    assert where.text == t(language, "report.ask_location")
    case = chat.case()
    assert case.priority == "high"
    assert life_at_risk.needs_review(case) and case.facts["danger_now"] == "unsure"
    assert "reporter_unsure_danger" in [r["code"] for r in case.reasons]
    assert chat.staff == []  # a look, not an alarm


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_moves_straight_on_to_where(engine: Engine, language: str) -> None:
    chat = Dialogue(engine, Person(5, language))
    receipt = chat.report(MILD[language])
    before = chat.case().priority
    _toast, _tick, where = chat.press(data_for(receipt, "no"))
    assert where.text == t(language, "report.ask_location")
    assert where.keyboard is Keyboard.ASK_LOCATION
    assert chat.case().priority == before
    assert chat.case().facts["danger_now"] == "no"
    assert chat.state() == LOCATION


@pytest.mark.parametrize(("language", "typed"), [("ko", "네"), ("en", "Yes!"), ("zh", "是的")])
def test_the_answer_can_be_typed(engine: Engine, language: str, typed: str) -> None:
    chat = Dialogue(engine, Person(6, language))
    chat.report(MILD[language])
    numbers, where = chat.say(typed)
    assert numbers.text.startswith("⚠️")
    assert where.text == t(language, "report.ask_location")
    assert chat.case().priority == "critical"


def test_an_old_danger_button_pressed_later_still_counts(engine: Engine) -> None:
    chat = Dialogue(engine, Person(7, "ko"))
    receipt = chat.report(MILD["ko"])
    chat.say("건너뛰기")  # skipped: where? comes next
    assert chat.state() == LOCATION
    numbers, toast, _tick = chat.press(data_for(receipt, "yes"))
    assert toast.method is Method.ANSWER_CALLBACK
    assert numbers.text.startswith("⚠️")
    assert chat.case().priority == "critical"
    assert chat.state() == LOCATION  # the question asked stays open


def test_danger_in_a_follow_up_puts_the_numbers_first(engine: Engine) -> None:
    chat = Dialogue(engine, Person(8, "ko"))
    reference = reference_in(chat.report(MILD["ko"]).text)
    chat.no_danger()
    chat.say("건너뛰기")
    numbers, ack = chat.say("방금 보니 쓰러져서 의식이 없어요")
    assert "119" in numbers.text.splitlines()[1]  # collapse: the ambulance first
    assert ack.text == t("ko", "report.followup_added", reference=reference)
    assert reference in chat.staff[-1].text


@pytest.mark.parametrize(
    ("language", "danger"),
    [
        ("ko", "지금 쓰러져서 의식이 없어요"),
        ("en", "he just collapsed and is unconscious"),
        ("zh", "他刚才晕倒了，叫不醒"),
    ],
)
def test_danger_typed_while_we_ask_where_is_not_taken_for_an_address(
    engine: Engine, language: str, danger: str
) -> None:
    chat = Dialogue(engine, Person(9, language))
    receipt = chat.report(MILD[language])
    reference = reference_in(receipt.text)
    chat.no_danger(receipt)
    numbers, ack = chat.say(danger)
    assert numbers.text.startswith(t(language, "emergency.numbers", hotlines="")[:8])
    assert ack.text == t(language, "report.followup_added", reference=reference)
    case = chat.case()
    assert case.address is None and case.priority == "critical"
    # The question is still open: the next words are the address.
    saved, _ = chat.say("서산시 읍내동 12")
    assert saved.text == t(language, "report.address_saved", reference=reference)


def test_the_numbers_are_the_configured_hotlines(engine: Engine) -> None:
    hotlines = parse_hotlines("112,119,1234-5678=Seosan crisis line")
    chat = Dialogue(engine, Person(10, "en"), DialogueConfig(hotlines=hotlines))
    numbers, _ = chat.say(CRITICAL["en"])
    assert "• 1234-5678 Seosan crisis line" in numbers.text
    assert "109" not in numbers.text
