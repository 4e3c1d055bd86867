"""The conversation's entry: private chats only, blocking, unsupported content, flooding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.catalog import t
from bot.conversation import DialogueConfig, handle
from bot.inbound import Inbound, Kind
from storage.models import Reporter
from tests.bot.dialogue_kit import STAFF_CHAT_ID, Dialogue, Person, reference_in


@pytest.mark.parametrize(
    ("kind", "answered"),
    [(Kind.TEXT, False), (Kind.COMMAND, True), (Kind.ADDED_TO_GROUP, True)],
)
def test_a_group_is_told_reports_are_private_and_nothing_is_kept(
    engine: Engine, kind: Kind, answered: bool
) -> None:
    said = Inbound(
        kind=kind,
        chat_id=-100556,
        user_id=6050,
        private=False,
        language_code="en",
        text="/start" if kind is Kind.COMMAND else "the grandmother in our block",
        command="start" if kind is Kind.COMMAND else None,
    )
    with Session(engine) as session:
        replies = handle(session, said, DialogueConfig(staff_chat_id=STAFF_CHAT_ID))
        assert session.exec(select(Reporter)).all() == []
    if answered:
        [pointer] = replies
        assert pointer.chat_id == -100556 and pointer.text == t("en", "private_only")
    else:
        assert replies == []


def test_the_staff_chat_gets_no_pointer(engine: Engine) -> None:
    said = Inbound(
        kind=Kind.COMMAND, chat_id=STAFF_CHAT_ID, user_id=1, private=False, command="help"
    )
    with Session(engine) as session:
        assert handle(session, said, DialogueConfig(staff_chat_id=STAFF_CHAT_ID)) == []


def test_blocking_the_bot_marks_the_reporter_unreachable_until_they_write_again(
    engine: Engine,
) -> None:
    chat = Dialogue(engine, Person(1, "ko"))
    chat.say("앞집 할머니 댁 수도가 끊겼어요")
    assert chat.blocks_bot() == []
    assert chat.reporter().reachable is False
    assert chat.case().reporter_unreachable is True
    chat.say("/help")
    assert chat.reporter().reachable is True
    assert chat.case().reporter_unreachable is False


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_unsupported_content_gets_a_hint_and_is_not_stored(engine: Engine, language: str) -> None:
    chat = Dialogue(engine, Person(2, language))
    [hint] = chat.unsupported()
    assert hint.text == t(language, "unsupported")
    assert chat.cases() == []


def test_flooding_is_stored_but_answered_once_and_danger_always_answered(engine: Engine) -> None:
    chat = Dialogue(engine, Person(3, "en"), DialogueConfig(flood_per_minute=3))
    at = datetime.now(UTC)
    [receipt] = chat.say("The woman in 4B has had no electricity for a week", sent_at=at)
    reference = reference_in(receipt.text)
    chat.no_danger(receipt)  # a press: it does not count as a message
    chat.say("Skip", sent_at=at + timedelta(seconds=5))
    assert len(chat.say("She is 80", sent_at=at + timedelta(seconds=10))) == 1  # the third
    [notice] = chat.say("and alone", sent_at=at + timedelta(seconds=15))
    assert notice.text == t("en", "flood.notice")
    assert chat.say("and cold", sent_at=at + timedelta(seconds=20)) == []  # not answered
    danger = "now she says she will take all her pills and end it all"
    [numbers] = chat.say(danger, sent_at=at + timedelta(seconds=25))
    assert numbers.text.startswith("⚠️")  # danger is always answered
    assert chat.words(chat.case().id)[1:] == ["She is 80", "and alone", "and cold", danger]
    # A minute later the reporter is answered one by one again.
    [ack] = chat.say("She has a daughter in Seoul", sent_at=at + timedelta(minutes=2))
    assert ack.text == t("en", "report.followup_added", reference=reference)
