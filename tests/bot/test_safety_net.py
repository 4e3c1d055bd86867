"""The safety net in the dialogue core, without HTTP: the receipt's emergency line, the danger
question and its floors, and the crisis reply (the e2e tests drive the same through the
webhook)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.answers import typed_danger_answer
from bot.catalog import t
from bot.channels.telegram.adapter import to_inbound
from bot.conversation import DialogueConfig, handle
from bot.hotlines import one_line, parse_hotlines
from bot.inbound import Reply
from storage import cases
from storage.life_at_risk import floor
from storage.models import Case
from tests.updates import Person
from triage import Priority, assess

STAFF = -100123
CONFIG = DialogueConfig(staff_chat_id=STAFF)


def _say(engine: Engine, update: dict) -> list[Reply]:
    with Session(engine, expire_on_commit=False) as session:
        replies = handle(session, to_inbound(update), CONFIG)
        session.commit()
        return replies


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("네", "yes"),
        ("예.", "yes"),
        ("Yes!", "yes"),
        ("是的", "yes"),
        ("아니요", "no"),
        ("No", "no"),
        ("不是", "no"),
        ("잘 모르겠어요", "unsure"),
        ("not sure", "unsure"),
        ("不确定", "unsure"),
        ("서산시 읍내동 12", None),
        ("he collapsed", None),
    ],
)
def test_typed_answers_to_the_danger_question(typed: str, answer: str | None) -> None:
    assert typed_danger_answer(typed) == answer


def test_the_emergency_line_is_one_line_in_the_readers_language() -> None:
    hotlines = parse_hotlines("112,119,109,1577-0199=Mental health crisis line")
    line = one_line("zh", hotlines)
    assert "\n" not in line
    assert line == "112 警察 · 119 急救、火警 · 109 自杀预防 · 1577-0199 Mental health crisis line"


def test_floors_raise_and_never_lower() -> None:
    mild = assess("옆집 분이 실직했대요")
    yes, unsure, own = (
        Case(facts={"danger_now": "yes"}),
        Case(facts={"danger_now": "unsure"}),
        Case(facts={"self_crisis": True}),
    )
    assert floor(mild, [yes]).priority is Priority.CRITICAL
    assert floor(mild, [yes]).imminent_danger
    assert floor(mild, [unsure]).priority is Priority.HIGH
    assert floor(mild, [own]).self_crisis and floor(mild, [own]).priority is Priority.CRITICAL
    critical = assess("할아버지가 쓰러져서 의식이 없어요")
    assert floor(critical, [unsure]).priority is Priority.CRITICAL  # never lowered
    assert floor(mild, [Case(facts={"danger_now": "no"})]) == mild


def test_the_receipt_asks_about_danger_and_a_typed_yes_gives_the_numbers_first(
    engine: Engine,
) -> None:
    person = Person(31001, "en")
    [receipt] = _say(engine, person.text("My neighbour lost his job last month"))
    assert "112" in receipt.text and receipt.text.endswith(t("en", "question.danger"))
    assert [b.data.rsplit(":", 1)[1] for b in receipt.buttons[0]] == ["yes", "no", "unsure"]
    numbers, alert, where = _say(engine, person.text("yes"))
    assert numbers.urgent and numbers.text.startswith("⚠️")
    assert alert.chat_id == STAFF and t("ko", "reason.reporter_says_danger") in alert.text
    assert where.text == t("en", "report.ask_location")


def test_a_writer_in_crisis_gets_one_urgent_reply_and_staff_hear_who_is_at_risk(
    engine: Engine,
) -> None:
    person = Person(31002, "ko")
    reply, alert = _say(engine, person.text("저 너무 힘들어서 죽고 싶어요"))
    assert reply.urgent and reply.chat_id == person.id and not reply.buttons
    assert reply.text.splitlines()[1].startswith("• 109")
    assert alert.chat_id == STAFF and "본인" in alert.text
    [ack] = _say(engine, person.text("그냥 다 지쳤어요"))
    assert ack.text == t("ko", "crisis.followup", first="109")


def test_yes_after_staff_chose_the_priority_still_gives_numbers_and_alerts(
    engine: Engine,
) -> None:
    person = Person(31003, "ko")
    _say(engine, person.text("옆집 분이 요즘 일자리를 잃었대요"))
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        cases.set_priority(session, case=case, priority=Priority.LOW)
        session.add(case)
        session.commit()
    numbers, alert, where = _say(engine, person.text("네"))
    assert numbers.urgent and numbers.text.startswith("⚠️")
    assert alert.chat_id == STAFF
    assert where.text == t("ko", "report.ask_location")
