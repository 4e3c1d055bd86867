"""A report and what follows it: the receipt, follow-ups, a household split off, edits,
media, and the daily limit on new reports."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.catalog import t
from bot.inbound import Kind, Method
from bot.states import DANGER
from bot.turn import DialogueConfig
from storage.models import Attachment, CaseEvent
from tests.bot.dialogue_kit import Dialogue, Person, flat, reference_in


@pytest.mark.parametrize(
    ("app_language", "language"), [("ko", "ko"), ("en-US", "en"), ("zh-hans", "zh")]
)
def test_the_receipt_is_in_the_reporters_language_with_a_reference(
    engine: Engine, app_language: str, language: str
) -> None:
    chat = Dialogue(engine, Person(1, app_language))
    receipt = chat.report("Mrs Kim next door has not been seen for days")
    assert receipt.language == language
    reference = reference_in(receipt.text)
    assert receipt.text.startswith(t(language, "report.receipt", reference=reference))
    case = chat.case()
    assert case.reference == reference and receipt.case_id == case.id
    assert chat.words(case.id) == ["Mrs Kim next door has not been seen for days"]


SPLIT_REPORTS = {
    "ko": ("1층 할아버지가 식사를 거르세요", "그리고 3층 아이 엄마는 일자리를 잃었대요"),
    "en": (
        "The family upstairs had their gas cut off",
        "Also the mum on the 3rd floor lost her job",
    ),
    "zh": ("一楼的老爷爷经常不吃饭", "还有三楼孩子的妈妈失业了"),
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_a_follow_up_joins_the_case_and_can_be_split_off_as_another_household(
    engine: Engine, language: str
) -> None:
    report, other = SPLIT_REPORTS[language]
    chat = Dialogue(engine, Person(2, language))
    first = reference_in(chat.report(report).text)
    chat.no_danger()
    chat.say(t(language, "button.skip"))
    [ack] = chat.say(other)
    assert ack.text == t(language, "report.followup_added", reference=first)
    [split] = flat(ack)
    assert split.text == t(language, "button.split")

    toast, new_receipt = chat.press(split.data)
    assert toast.method is Method.ANSWER_CALLBACK
    second = reference_in(new_receipt.text)
    assert second != first
    old, new = chat.cases()
    assert chat.reporter().open_case_id == new.id and chat.state() == DANGER
    assert chat.words(old.id) == [report]
    assert chat.words(new.id) == [other]
    assert "split_from" in chat.events(new.id)
    # The next words join the new case.
    chat.location(36.78, 126.45)
    assert chat.cases()[1].latitude == 36.78


EDITS = {
    "ko": ("12호 아저씨가 며칠째 안나오세요", "12호 아저씨가 일주일째 안 나오세요"),
    "en": (
        "The man at no. 12 hasnt been out in days",
        "The man at no. 12 hasn't been out in a week",
    ),
    "zh": ("12号的大叔好几天没出门", "12号的大叔一个星期没出门了"),
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_an_edited_message_updates_the_text_and_keeps_the_original(
    engine: Engine, language: str
) -> None:
    before, after = EDITS[language]
    chat = Dialogue(engine, Person(3, language))
    message_id, _ = chat.text_message(before)
    chat.edit(message_id, after)
    case = chat.case()
    assert chat.words(case.id) == [after]
    assert case.summary == after
    with Session(engine) as session:
        [kept] = session.exec(
            select(CaseEvent.data).where(
                col(CaseEvent.case_id) == case.id, col(CaseEvent.kind) == "message_edited"
            )
        ).all()
    assert kept["before"] == before


def test_photo_voice_and_document_join_the_open_case_as_attachments(engine: Engine) -> None:
    chat = Dialogue(engine, Person(4, "zh-hant"))
    receipt = chat.report("對面的老人家裡停電好幾天了")  # Traditional characters
    assert "受理编号" in receipt.text
    reference = reference_in(receipt.text)
    chat.no_danger()
    chat.say("跳过")
    chat.say("/cancel")
    for kind in (Kind.PHOTO, Kind.VOICE, Kind.DOCUMENT):
        [ack] = chat.media(kind, f"F-{kind}")
        assert ack.text == t("zh", "report.followup_added", reference=reference)
    case = chat.case()
    with Session(engine) as session:
        kinds = session.exec(
            select(Attachment.kind)
            .where(col(Attachment.case_id) == case.id)
            .order_by(col(Attachment.id))
        ).all()
    assert list(kinds) == ["photo", "voice", "document"]


def test_new_starts_a_separate_case(engine: Engine) -> None:
    chat = Dialogue(engine, Person(5, "ko"))
    first = reference_in(chat.report("앞집 할머니가 며칠째 안 보여요").text)
    [prompt] = chat.say("/new")
    assert prompt.text == t("ko", "report.new_prompt")
    second = reference_in(chat.report("뒷집 아이가 학교에 안 가요").text)
    assert first != second
    assert [c.reference for c in chat.cases()] == [first, second]


def test_many_new_reports_in_a_day_ask_for_confirmation_and_drop_nothing(engine: Engine) -> None:
    chat = Dialogue(engine, Person(6, "zh"), DialogueConfig(daily_new_cases=2))
    chat.say("三楼的老人没有暖气")
    chat.say("/new")
    second = reference_in(chat.report("一楼的孩子没饭吃").text)
    chat.no_danger()
    chat.say("跳过")
    [confirm] = chat.say("/new")
    assert confirm.text == t("zh", "newcase.confirm", count=2, reference=second)
    [ack] = chat.say("还有他的妈妈生病了")  # nothing is dropped: it joins the case
    assert second in ack.text
    _, prompt = chat.press(flat(confirm)[0].data)
    assert prompt.text == t("zh", "report.new_prompt")
    chat.say("五楼的大爷失业了")
    assert len(chat.cases()) == 3


def test_replies_about_a_case_go_on_its_timeline(engine: Engine) -> None:
    chat = Dialogue(engine, Person(7, "en"))
    receipt = chat.report("The old man at no. 12 has not been out in days")
    assert chat.words(chat.case().id, direction="out") == [receipt.text]
