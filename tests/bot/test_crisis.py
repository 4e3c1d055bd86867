"""A person writing about their own crisis is answered as a crisis line would: numbers
first, a human message, the chat kept open, staff told who is at risk; no report form."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.catalog import t
from bot.inbound import Keyboard
from bot.states import CRISIS_CHAT
from tests.bot.dialogue_kit import STAFF_CHAT_ID, Dialogue, Person, reference_in

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


def alerts_self_crisis(text: str, reference: str) -> bool:
    """Staff read the self-crisis alert's opening (in the staff chat's language)."""
    return text.startswith(
        t("ko", "staff.alert_self", reference=reference, priority="", reasons="")[:12]
    )


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_a_person_in_crisis_gets_the_numbers_and_a_human_message_not_the_form(
    engine: Engine, language: str
) -> None:
    chat = Dialogue(engine, Person(1, language))
    [reply] = chat.say(OWN_CRISIS[language])
    text = reply.text
    assert reply.language == language
    numbered = [line for line in text.splitlines() if line.startswith("• ")]
    assert numbered[0].startswith("• 109")  # suicide prevention first
    assert {"112", "119", "109", "129"} <= {line.split()[1] for line in numbered}
    assert text.index("• 109") < text.index(CARE[language][0])  # the numbers come first
    assert all(words in text for words in CARE[language])
    reference = reference_in(text)
    assert reply.buttons == () and reply.keyboard is Keyboard.NONE  # no questions, no place
    assert t(language, "report.ask_location") not in text
    assert t(language, "question.danger") not in text

    case = chat.case()
    assert case.priority == "critical" and case.facts["self_crisis"] is True
    assert chat.state() == CRISIS_CHAT
    [alert] = chat.staff
    assert alert.chat_id == STAFF_CHAT_ID
    assert reference in alert.text
    assert alerts_self_crisis(alert.text, reference)


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_the_crisis_chat_stays_open_with_care_not_questions(engine: Engine, language: str) -> None:
    chat = Dialogue(engine, Person(2, language))
    chat.say(OWN_CRISIS[language])
    said = "아무도 신경 안 써요" if language == "ko" else "nobody cares anyway"
    [ack] = chat.say(said)
    assert ack.text == t(language, "crisis.followup", first="109")
    assert ack.buttons == ()
    case = chat.case()  # it joined the same case
    assert chat.words(case.id)[-1] == said
    assert len(chat.staff) == 1  # alerted once

    # Words that say they may act now bring the numbers again, first.
    [again] = chat.say(OWN_CRISIS[language])
    assert again.text.splitlines()[1].startswith("• 109")
    assert chat.state() == CRISIS_CHAT


@pytest.mark.parametrize(
    ("language", "own"),
    [
        ("ko", "사실 제 얘기예요. 저도 죽고 싶어요"),
        ("en", "actually it is me, I want to kill myself"),
        ("zh", "其实是我自己，我想死"),
    ],
)
def test_a_report_that_turns_out_to_be_the_writers_own_crisis_becomes_one(
    engine: Engine, language: str, own: str
) -> None:
    chat = Dialogue(engine, Person(3, language))
    reference = reference_in(chat.report("옆집에 사는 분이 실직했대요").text)
    [reply] = chat.say(own)
    assert reply.text.splitlines()[1].startswith("• 109")
    assert reference in reply.text
    case = chat.case()
    assert case.priority == "critical" and case.facts["self_crisis"] is True
    assert chat.state() == CRISIS_CHAT
    [alert] = chat.staff
    assert reference in alert.text
    assert alerts_self_crisis(alert.text, reference)
