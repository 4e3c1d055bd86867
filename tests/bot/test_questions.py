"""The questions after the receipt: where (a location, a typed place, or skipped), who,
what, how urgent, photos, contact; buttons, skipping, answering later, a volunteer's tip."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.catalog import t
from bot.inbound import Keyboard, Kind, Method
from bot.states import AGE, DANGER, HOUSEHOLD, LOCATION, OPEN
from storage import volunteers
from storage.db import session_scope
from tests.bot.dialogue_kit import (
    Dialogue,
    Person,
    data_for,
    flat,
    labels,
    reference_in,
    texts,
)

REPORTS = {
    "ko": "옆집 할머니가 요즘 통 안 보이시고 집이 너무 추워 보여요",
    "en": "The old lady next door has had no heating all week",
    "zh": "隔壁的老奶奶最近都没出现，家里看起来很冷",
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_full_question_flow_with_buttons(engine: Engine, language: str) -> None:
    chat = Dialogue(engine, Person(1, language))
    receipt = chat.report(REPORTS[language])
    reference = reference_in(receipt.text)
    where = chat.no_danger(receipt)
    assert where.keyboard is Keyboard.ASK_LOCATION

    saved, age = chat.location(36.7845, 126.4503)
    assert saved.text == t(language, "report.location_saved", reference=reference)
    assert saved.keyboard is Keyboard.MENU  # the menu is back
    assert age.text == t(language, "question.age")
    assert chat.case().latitude == 36.7845

    toast, tick, household = chat.press(data_for(age, "elderly"), message_id=77)
    assert toast.method is Method.ANSWER_CALLBACK
    assert toast.text == t(language, "callback.saved")
    assert tick.method is Method.EDIT_BUTTONS and tick.target_message_id == 77
    assert "✅ " + t(language, "answer.age_elderly") in labels(tick)
    assert household.text == t(language, "question.household")
    assert chat.state() == HOUSEHOLD

    for choice in ("lives_alone", "disability"):
        _toast, tick = chat.press(data_for(household, choice))
        assert tick.method is Method.EDIT_BUTTONS
    _, crisis = chat.press(data_for(household, "done"))
    assert crisis.text == t(language, "question.crisis")
    for choice in ("health", "livelihood"):
        chat.press(data_for(crisis, choice))
    _, urgency = chat.press(data_for(crisis, "done"))
    assert urgency.text == t(language, "question.urgency")
    _, _, photos = chat.press(data_for(urgency, "now"))
    assert photos.text == t(language, "question.photos")

    [added] = chat.media(Kind.PHOTO, "PHOTO-Q")
    assert added.text == t(language, "question.photo_added", reference=reference)
    _, contact = chat.press(data_for(added, "done"))
    assert contact.text == t(language, "question.contact")
    _, phone = chat.press(data_for(contact, "yes"))
    assert phone.keyboard is Keyboard.ASK_CONTACT
    [done] = chat.contact("+82 10-5555-0101")
    assert done.text == t(language, "question.done", reference=reference)
    assert all(reply.language == language for reply in chat.log if reply.chat_id == 1)

    case = chat.case()
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
    assert "facts_updated" in chat.events(case.id)
    reporter = chat.reporter()
    assert reporter.contact_consent is True and reporter.phone == "+82 10-5555-0101"
    timeline = chat.words(case.id, direction=None)
    assert timeline and not any("5555-0101" in words for words in timeline)  # never shown
    assert chat.state() == OPEN


SKIPPED_REPORTS = {
    "ko": "윗집 가족이 가스가 끊겼대요",
    "en": "The family upstairs had their gas cut off",
    "zh": "楼上那家人的煤气被停了",
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_skipping_everything_keeps_just_the_report_and_the_reporter_anonymous(
    engine: Engine, language: str
) -> None:
    chat = Dialogue(engine, Person(2, language))
    reference = reference_in(chat.report(SKIPPED_REPORTS[language]).text)
    [where] = chat.say(t(language, "button.skip"))  # whether a life is in danger
    assert where.text == t(language, "report.ask_location")
    skipped, question = chat.say(t(language, "button.skip"))
    assert skipped.text == t(language, "report.location_skipped", reference=reference)
    assert question.text == t(language, "question.age")
    for expected in (
        "question.household",
        "question.crisis",
        "question.urgency",
        "question.photos",
        "question.contact",
    ):
        _, question = chat.press(data_for(question, "skip"))
        assert question.text == t(language, expected)
    _, done = chat.press(data_for(question, "skip"))
    assert done.text == t(language, "question.done", reference=reference)
    assert done.keyboard is Keyboard.MENU
    case = chat.case()
    assert case.facts == {"source": "resident"}
    assert case.latitude is None and case.address is None
    assert chat.state() == OPEN
    reporter = chat.reporter()
    assert reporter.contact_consent is False and reporter.phone is None


def test_no_to_contact_keeps_the_reporter_anonymous(engine: Engine) -> None:
    chat = Dialogue(engine, Person(3, "en"))
    reference = reference_in(chat.report(SKIPPED_REPORTS["en"]).text)
    chat.no_danger()
    _, question = chat.say("Skip")
    for _ in range(5):  # age, household, crisis, urgency, photos
        _, question = chat.press(data_for(question, "skip"))
    assert question.text == t("en", "question.contact")
    _, done = chat.press(data_for(question, "no"))
    assert done.text == t("en", "question.done", reference=reference)
    reporter = chat.reporter()
    assert reporter.contact_consent is False and reporter.phone is None


def test_old_question_can_be_answered_later_and_my_reports_resumes(engine: Engine) -> None:
    chat = Dialogue(engine, Person(4, "zh"))
    reference = reference_in(chat.report("楼下的孩子常常吃不上饭").text)
    chat.no_danger()
    _, age = chat.say("跳过")
    [cancelled] = chat.say("/cancel")
    assert cancelled.text == t("zh", "question.cancelled", reference=reference)

    # A late press on the old question saves the answer but asks nothing more.
    toast, _tick = chat.press(data_for(age, "child"))
    assert toast.text == t("zh", "callback.saved")
    assert chat.case().facts["age_band"] == "child"
    assert chat.state() == OPEN

    [listing] = chat.say(t("zh", "menu.cases"))
    assert reference in listing.text and "已受理" in listing.text
    assert "孩子" not in listing.text  # nothing about the person reported
    _, resumed, location = chat.press(data_for(listing, str(chat.case().id)))
    assert resumed.text == t("zh", "question.resume", reference=reference)
    assert location.keyboard is Keyboard.ASK_LOCATION


def test_the_questions_continue_from_the_stored_state(engine: Engine) -> None:
    person = Person(5, "ko")
    first = Dialogue(engine, person)
    first.report("앞집 아저씨가 실직하고 밥을 굶는 것 같아요")
    first.no_danger()
    _, age = first.say("건너뛰기")
    assert first.state() == AGE
    # Another worker (or the same one after a restart) plays the next turn: nothing in memory.
    _, _, household = Dialogue(engine, person).press(data_for(age, "adult"))
    assert household.text == t("ko", "question.household")
    assert first.state() == HOUSEHOLD


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


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_a_second_sentence_joins_the_report_and_where_stays_open(
    engine: Engine, language: str
) -> None:
    report, second, third, address = SAID[language]
    chat = Dialogue(engine, Person(6, language))
    reference = reference_in(chat.report(report).text)

    # Sent before the question was read: the sentence joins the case. In Korean the two
    # sentences together read as a life at risk (an old man unseen, lights off): the
    # numbers, then where. Otherwise the danger question stays open.
    if language == "ko":
        numbers, added, where = chat.say(second)
        assert "119" in numbers.text
        assert where.text == t(language, "report.ask_location")
        assert chat.state() == LOCATION
    else:
        [added] = chat.say(second)
        assert chat.state() == DANGER
        chat.no_danger()
    assert added.text == t(language, "report.followup_added", reference=reference)
    case = chat.case()
    assert chat.words(case.id) == [report, second]
    assert case.address is None

    # Another sentence while we ask where: it joins the case, nothing is stored as the
    # place, and we ask where again.
    added, where = chat.say(third)
    assert added.text == t(language, "report.followup_added", reference=reference)
    assert where.text == t(language, "report.ask_location")
    assert where.keyboard is Keyboard.ASK_LOCATION
    case = chat.case()
    assert case.address is None and case.latitude is None
    assert chat.state() == LOCATION
    assert chat.words(case.id)[-1] == third

    # A real address is still the place.
    saved, _ = chat.say(address)
    assert saved.text == t(language, "report.address_saved", reference=reference)
    assert chat.case().address == address


def test_an_address_inside_a_sentence_is_kept_both_ways_and_asked_again(engine: Engine) -> None:
    chat = Dialogue(engine, Person(7, "ko"))
    reference = reference_in(chat.report("옆집 할아버지가 요즘 통 안 보이세요.").text)
    chat.no_danger()
    sentence = "그 할아버지는 302호에 사세요"
    [asked] = chat.say(sentence)
    assert asked.text == t("ko", "report.address_unsure", reference=reference, address=sentence)
    assert chat.case().address == sentence
    assert sentence in chat.words(chat.case().id)
    assert chat.state() == LOCATION  # a corrected place can still come
    saved, _ = chat.say("서산시 읍내동 123-4")
    assert saved.text == t("ko", "report.address_saved", reference=reference)
    assert chat.case().address == "서산시 읍내동 123-4"


def test_a_typed_address_is_kept_as_the_location(engine: Engine) -> None:
    chat = Dialogue(engine, Person(8, "ko"))
    reference = reference_in(chat.report("옆집 할머니 댁에 난방이 안 돼요").text)
    chat.no_danger()
    saved, age = chat.say("서산시 읍내동 45-6")
    assert saved.text == t("ko", "report.address_saved", reference=reference)
    assert age.text == t("ko", "question.age")
    assert chat.case().address == "서산시 읍내동 45-6"


def test_a_forged_or_foreign_button_touches_no_case(engine: Engine) -> None:
    owner = Dialogue(engine, Person(9, "en"))
    owner.say("My neighbour lost his job and has no food")
    case = owner.case()
    stranger = Dialogue(engine, Person(10, "en"))
    forged = (
        f"q:{case.id}:age:child",
        f"s:{case.id}:1",
        f"d:{case.id}",
        "q:x:age:child",
        "zz",
    )
    for data in forged:
        [toast] = stranger.press(data)
        assert toast.method is Method.ANSWER_CALLBACK
        assert toast.text == t("en", "callback.unavailable")
    assert owner.case().facts == {"source": "resident"}
    assert "facts_updated" not in owner.events(case.id)


def _volunteer(engine: Engine, person: Person, name: str = "김이장") -> Dialogue:
    with session_scope(engine) as session:
        code = volunteers.create_invite(session, name=name, staff_id=None).code
    chat = Dialogue(engine, person)
    [welcome] = chat.say(f"/start {code}")
    assert name in welcome.text
    assert welcome.keyboard is Keyboard.VOLUNTEER_MENU
    return chat


def test_a_field_tip_asks_danger_place_household_signs_and_when_and_the_signs_count(
    engine: Engine,
) -> None:
    chat = _volunteer(engine, Person(11, "en"))
    [prompt] = chat.say(t("en", "menu.tip"))
    assert "place" in prompt.text
    receipt = chat.report("[field] Block 3: the old man at no. 12")
    reference = reference_in(receipt.text)
    # The same first question as a resident's report: may a life be in danger right now?
    assert [b.data.rsplit(":", 1)[1] for b in flat(receipt)] == ["yes", "no", "unsure"]
    chat.no_danger(receipt)
    _, household = chat.say("12 Seoryeong-ro, Eupnae-dong")
    assert household.text == t("en", "question.household")
    chat.press(data_for(household, "lives_alone"))
    chat.press(data_for(household, "elderly"))
    _, signs = chat.press(data_for(household, "done"))
    assert signs.text == t("en", "question.signs")
    assert len(flat(signs)) == 14  # twelve signs, done, skip
    chat.press(data_for(signs, "utilities_cut"))
    chat.press(data_for(signs, "no_heating"))
    _, seen = chat.press(data_for(signs, "done"))
    assert seen.text == t("en", "question.seen")
    _, _, photos = chat.press(data_for(seen, "today"))
    assert photos.text == t("en", "question.photos")
    _, done = chat.press(data_for(photos, "skip"))
    # The closing words name the buttons a volunteer's menu has, not a resident's.
    assert done.text == t("en", "question.done_tip", reference=reference)
    assert done.keyboard is Keyboard.VOLUNTEER_MENU

    case = chat.case()
    assert case.source == "volunteer"
    assert case.facts["signs"] == ["utilities_cut", "no_heating"]
    assert case.facts["seen"] == "today"
    assert case.priority == "high"
    assert {"utilities_cut", "no_heating", "volunteer_report"} <= {r["code"] for r in case.reasons}
    # A volunteer is never asked whether staff may contact them: staff know who they are.
    everything = " ".join(texts(chat.log))
    assert t("en", "question.contact") not in everything
