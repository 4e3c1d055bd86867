"""Commands and the menu: the greeting and privacy notice, language, my reports, /forget,
volunteer invite codes and a volunteer's tips, help and the emergency list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.catalog import t
from bot.inbound import Keyboard
from bot.turn import DialogueConfig
from storage import volunteers
from storage.db import session_scope
from storage.models import AuditEntry, Case, CaseEvent, Reporter, VolunteerInvite
from tests.bot.dialogue_kit import Dialogue, Person, flat, labels, reference_in


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_start_greets_with_the_numbers_the_privacy_period_and_the_menu(
    engine: Engine, language: str
) -> None:
    chat = Dialogue(engine, Person(1, language))
    [greeting] = chat.say("/start")
    five_years = t(language, "privacy.period_years", count=5)
    expected = t(language, "start.greeting", numbers="112, 119, 109, 129", period=five_years)
    assert greeting.text == expected
    assert greeting.language == language
    assert greeting.keyboard is Keyboard.MENU
    assert chat.cases() == []


@pytest.mark.parametrize(
    ("days", "key", "values"),
    [(365, "privacy.period_one_year", {}), (90, "privacy.period_days", {"count": 90})],
)
def test_the_privacy_notice_says_the_configured_retention(
    engine: Engine, days: int, key: str, values: dict[str, object]
) -> None:
    chat = Dialogue(engine, Person(2, "en"), DialogueConfig(retention_days=days))
    [greeting] = chat.say("/start")
    assert t("en", key, **values) in greeting.text
    assert "5 years" not in greeting.text


def test_language_choice_is_remembered_over_the_apps_language(engine: Engine) -> None:
    chat = Dialogue(engine, Person(3, "ko"))
    [choose] = chat.say("/language")
    assert labels(choose) == ["한국어", "English", "中文（简体）"]
    _, changed = chat.press("l:en")
    assert changed.text == t("en", "language.changed")
    assert changed.language == "en" and changed.keyboard is Keyboard.MENU
    [receipt] = chat.say("옆집 아이가 학교에 안 가요")  # the app still says "ko"
    assert receipt.text.startswith("Your report is received")
    assert chat.reporter().language == "en"


def test_my_reports_shows_the_reference_and_a_reporter_safe_status(engine: Engine) -> None:
    chat = Dialogue(engine, Person(4, "en"))
    reference = reference_in(chat.say("Mrs Lee's rent is three months behind")[0].text)
    with session_scope(engine) as session:
        case = session.get(Case, chat.case().id)
        assert case is not None
        case.status = "help_arranged"
        session.add(case)
    [listing] = chat.say("/cases")
    assert listing.text == "\n".join(
        [t("en", "cases.title"), t("en", "cases.item", reference=reference, status="help arranged")]
    )
    [empty] = Dialogue(engine, Person(5, "en")).say(t("en", "menu.cases"))
    assert empty.text == t("en", "cases.none")


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
def test_menu_buttons_answer_and_are_never_stored_as_reports(engine: Engine, language: str) -> None:
    chat = Dialogue(engine, Person(6, language))
    [numbers] = chat.say(t(language, "menu.emergency"))
    assert "109" in numbers.text and "129" in numbers.text
    [help_text] = chat.say(t(language, "menu.help"))
    assert "/forget" in help_text.text
    [prompt] = chat.say(t(language, "menu.report"))
    assert prompt.text == t(language, "report.new_prompt")
    assert chat.cases() == []


def test_forget_erases_identity_and_keeps_the_reports(engine: Engine) -> None:
    chat = Dialogue(engine, Person(7501, "ko"))
    chat.report("옆집 할머니가 며칠째 안 보여요")
    chat.no_danger()
    chat.say("건너뛰기")
    [saved] = chat.contact("010-7501-7501")
    assert saved.text == t("ko", "contact.saved")
    reporter = chat.reporter()
    assert reporter.phone == "010-7501-7501" and reporter.contact_consent

    [confirm] = chat.say("/forget")
    yes, _no = flat(confirm)
    _, done = chat.press(yes.data)
    assert done.text == t("ko", "forget.done")

    with Session(engine) as session:
        forgotten = session.get(Reporter, reporter.id)
        assert forgotten is not None
        assert int(forgotten.channel_user_id) < 0 and forgotten.chat_id == 0
        assert forgotten.phone is None and not forgotten.contact_consent
        assert forgotten.forgotten_at is not None
        [case] = session.exec(select(Case).where(col(Case.reporter_id) == reporter.id)).all()
        assert case.reporter_unreachable
        kinds = session.exec(select(CaseEvent.kind).where(col(CaseEvent.case_id) == case.id)).all()
        assert "reporter_forgotten" in kinds
        audit = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == "reporter_forgotten")
        ).one()
        assert audit.detail["case_ids"] == [case.id]
    assert chat.words(case.id) == ["옆집 할머니가 며칠째 안 보여요"]  # the report stays

    # Writing again starts afresh, with none of the old reports.
    [listing] = chat.say("/cases")
    assert listing.text == t("ko", "cases.none")
    assert chat.reporter().id != reporter.id


def _invite(engine: Engine, name: str) -> str:
    with session_scope(engine) as session:
        return volunteers.create_invite(session, name=name, staff_id=None).code


def test_an_invite_code_makes_the_person_a_volunteer_whose_reports_are_tips(
    engine: Engine,
) -> None:
    chat = Dialogue(engine, Person(8, "ko"))
    [welcome] = chat.say(f"/start {_invite(engine, '김이장')}")
    assert "김이장" in welcome.text
    assert welcome.keyboard is Keyboard.VOLUNTEER_MENU
    assert chat.reporter().role == "volunteer"
    chat.say("[현장] 3통 2반 어르신 댁 우편물이 일주일째 쌓여 있음")
    assert chat.case().source == "volunteer"


def test_used_unknown_and_expired_codes_get_clear_answers(engine: Engine) -> None:
    used = _invite(engine, "Park")
    expired = _invite(engine, "Lee")
    with session_scope(engine) as session:
        row = session.exec(
            select(VolunteerInvite).where(col(VolunteerInvite.code) == expired)
        ).one()
        row.expires_at = row.created_at - timedelta(seconds=1)
        session.add(row)
    Dialogue(engine, Person(9, "en")).say(f"/start {used}")
    second = Dialogue(engine, Person(10, "en"))
    [again] = second.say(f"/start {used}")
    [unknown] = second.say("/start VNOSUCHCODE")
    [late] = second.say(f"/start {expired}")
    assert "already been used" in again.text
    assert "not found" in unknown.text
    assert "expired" in late.text
    assert again.keyboard is Keyboard.MENU
    second.say("A neighbour has had no heating all week")
    assert second.case().source == "resident" and second.reporter().role != "volunteer"


def test_my_tips_lists_only_the_volunteers_own_tips(engine: Engine) -> None:
    Dialogue(engine, Person(11, "ko")).say("옆집 할머니가 며칠째 안 보여요")
    chat = Dialogue(engine, Person(12, "ko"))
    chat.say(f"/start {_invite(engine, '김이장')}")
    chat.say("[현장] 5통 1반 반지하 세대 전기 끊김")
    [listing] = chat.say(t("ko", "menu.my_tips"))
    assert "내 현장 제보" in listing.text
    assert listing.text.count("SG-") == 1
    assert chat.case().reference in listing.text
