"""The questions after the receipt: buttons, skipping, answering later, restarts, forgeries."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from bot.catalog import t
from storage.models import Case, CaseEvent
from tests.e2e.conversation_kit import (
    Chat,
    data_for,
    no_danger,
    own_contact,
    press,
    reference_in,
)
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer, start_sagak
from tests.updates import Person
from webhook.settings import Settings

REPORTS = {
    "ko": "옆집 할머니가 요즘 통 안 보이시고 집이 너무 추워 보여요",
    "en": "The old lady next door has had no heating all week",
    "zh": "隔壁的老奶奶最近都没出现，家里看起来很冷",
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_full_question_flow_with_buttons(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, Person(5100 + len(language) * 7 + ord(language[0]), language))
    [greeting] = await chat.say("/start")
    five_years = t(language, "privacy.period_years", count=5)
    expected = t(language, "start.greeting", numbers="112, 119, 109, 129", period=five_years)
    assert greeting.params["text"] == expected
    menu = greeting.params["reply_markup"]
    assert menu["is_persistent"] is True
    assert menu["keyboard"][0][0]["text"] == t(language, "menu.report")

    [receipt] = await chat.say(REPORTS[language])
    reference = reference_in(receipt.params["text"])
    assert receipt.params["text"].endswith(t(language, "question.danger"))
    _, _, where = await chat.send(press(chat.person, data_for(receipt, "no")), 3)
    assert where.params["reply_markup"]["keyboard"][0][0]["request_location"] is True

    saved, age = await chat.send(chat.person.location(36.7845, 126.4503), expect=2)
    assert saved.params["text"] == t(language, "report.location_saved", reference=reference)
    assert saved.params["reply_markup"]["is_persistent"] is True  # the menu is back
    assert age.params["text"] == t(language, "question.age")

    toast, tick, household = await chat.send(press(chat.person, data_for(age, "elderly")), 3)
    assert toast.method == "answerCallbackQuery"
    assert toast.params["text"] == t(language, "callback.saved")
    assert tick.method == "editMessageReplyMarkup"
    ticked = [b["text"] for row in tick.params["reply_markup"]["inline_keyboard"] for b in row]
    assert "✅ " + t(language, "answer.age_elderly") in ticked
    assert household.params["text"] == t(language, "question.household")

    for choice in ("lives_alone", "disability"):
        toast, tick = await chat.send(press(chat.person, data_for(household, choice)), 2)
        assert tick.method == "editMessageReplyMarkup"
    _, crisis = await chat.send(press(chat.person, data_for(household, "done")), 2)
    assert crisis.params["text"] == t(language, "question.crisis")
    for choice in ("health", "livelihood"):
        await chat.send(press(chat.person, data_for(crisis, choice)), 2)
    _, urgency = await chat.send(press(chat.person, data_for(crisis, "done")), 2)
    _, _, photos = await chat.send(press(chat.person, data_for(urgency, "now")), 3)
    assert photos.params["text"] == t(language, "question.photos")

    [added] = await chat.send(chat.person.photo("PHOTO-Q"), 1)
    assert added.params["text"] == t(language, "question.photo_added", reference=reference)
    _, contact = await chat.send(press(chat.person, data_for(added, "done")), 2)
    assert contact.params["text"] == t(language, "question.contact")
    _, phone = await chat.send(press(chat.person, data_for(contact, "yes")), 2)
    assert phone.params["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    [done] = await chat.send(own_contact(chat.person, "+82 10-5555-0101"), 1)
    assert done.params["text"] == t(language, "question.done", reference=reference)

    [case] = chat.cases()
    assert case.facts == {
        "source": "resident",
        "danger_now": "no",
        "age_band": "elderly",
        "lives_alone": True,
        "disability": True,
        "crisis_types": ["livelihood", "health"],
        "reporter_urgency": "now",
    }
    assert case.priority in ("high", "critical")  # an old woman alone, "now": checked today
    reporter = chat.reporter()
    assert reporter.contact_consent is True and reporter.phone == "+82 10-5555-0101"
    token = sagak.staff_token()
    detail = await sagak.client.get(f"/api/cases/{case.id}", headers=bearer(token))
    assert "5555-0101" not in detail.text  # the phone is never on the timeline
    assert "facts_updated" in [e["kind"] for e in detail.json()["events"]]


SKIPPED_REPORTS = {
    "ko": "윗집 가족이 가스가 끊겼대요",
    "en": "The family upstairs had their gas cut off",
    "zh": "楼上那家人的煤气被停了",
}


async def test_the_privacy_notice_says_the_configured_retention(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    for days, key, values in (
        (365, "privacy.period_one_year", {}),
        (90, "privacy.period_days", {"count": 90}),
    ):
        config = settings.replace(retention_days=days)
        async with start_sagak(config) as sagak:
            chat = Chat(sagak, fake_telegram, Person(5190 + days, "en"))
            [greeting] = await chat.say("/start")
            assert t("en", key, **values) in greeting.params["text"]
            assert "5 years" not in greeting.params["text"]


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_skipping_everything_keeps_just_the_report(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, Person(5201 + ord(language[1]), language))
    [receipt] = await chat.say(SKIPPED_REPORTS[language])
    reference = reference_in(receipt.params["text"])
    [where] = await chat.say(t(language, "button.skip"))  # whether a life is in danger
    assert where.params["text"] == t(language, "report.ask_location")
    skipped, question = await chat.say(t(language, "button.skip"), expect=2)
    assert skipped.params["text"] == t(language, "report.location_skipped", reference=reference)
    for expected in ("question.household", "question.crisis", "question.urgency"):
        _, question = await chat.send(press(chat.person, data_for(question, "skip")), 2)
        assert question.params["text"] == t(language, expected)
    for expected in ("question.photos", "question.contact"):
        _, question = await chat.send(press(chat.person, data_for(question, "skip")), 2)
        assert question.params["text"] == t(language, expected)
    _, done = await chat.send(press(chat.person, data_for(question, "skip")), 2)
    assert done.params["text"] == t(language, "question.done", reference=reference)
    [case] = chat.cases()
    assert case.facts == {"source": "resident"}
    assert chat.reporter().state == "open"
    assert chat.reporter().contact_consent is False


async def test_old_question_can_be_answered_later_and_my_reports_resumes(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(5301, "zh"))
    [receipt] = await chat.say("楼下的孩子常常吃不上饭")
    reference = reference_in(receipt.params["text"])
    await no_danger(chat)
    _, age = await chat.say("跳过", expect=2)
    [cancelled] = await chat.say("/cancel")
    assert cancelled.params["text"] == t("zh", "question.cancelled", reference=reference)

    # A late press on the old question saves the answer but asks nothing more.
    toast, _tick = await chat.send(press(chat.person, data_for(age, "child")), 2)
    assert toast.params["text"] == t("zh", "callback.saved")
    assert chat.cases()[0].facts["age_band"] == "child"
    assert chat.reporter().state == "open"

    [listing] = await chat.say(t("zh", "menu.cases"))
    assert reference in listing.params["text"] and "已受理" in listing.params["text"]
    assert "孩子" not in listing.params["text"]  # nothing about the person reported
    _, resumed, location = await chat.send(
        press(chat.person, data_for(listing, str(chat.cases()[0].id))), 3
    )
    assert resumed.params["text"] == t("zh", "question.resume", reference=reference)
    assert location.params["reply_markup"]["keyboard"][0][0]["request_location"] is True


async def test_restart_in_the_middle_of_the_questions_continues(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    person = Person(5401, "ko")
    async with start_sagak(settings) as sagak:
        chat = Chat(sagak, fake_telegram, person)
        await chat.say("앞집 아저씨가 실직하고 밥을 굶는 것 같아요")
        await no_danger(chat)
        _, age = await chat.say("건너뛰기", expect=2)
    async with start_sagak(settings) as sagak:
        chat.sagak = sagak
        _, _, household = await chat.send(press(person, data_for(age, "adult")), 3)
        assert household.params["text"] == t("ko", "question.household")
        assert chat.reporter().state == "q_household"


async def test_forged_callback_cannot_touch_another_reporters_case(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    owner = Chat(sagak, fake_telegram, Person(5501, "en"))
    await owner.say("My neighbour lost his job and has no food")
    [case] = owner.cases()
    stranger = Chat(sagak, fake_telegram, Person(5502, "en"))
    for data in (f"q:{case.id}:age:child", f"s:{case.id}:1", f"d:{case.id}", "q:x:age:child", "zz"):
        [toast] = await stranger.send(press(stranger.person, data), 1)
        assert toast.params["text"] == t("en", "callback.unavailable")
    with Session(sagak.engine) as session:
        unchanged = session.get(Case, case.id)
        assert unchanged is not None and unchanged.facts == {"source": "resident"}
        kinds = session.exec(select(CaseEvent.kind).where(col(CaseEvent.case_id) == case.id)).all()
        assert "facts_updated" not in kinds
