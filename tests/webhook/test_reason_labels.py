"""Staff read why a case has its priority in words, in their language; the API keeps codes."""

from __future__ import annotations

from datetime import timedelta
from html import escape

import pytest
from markupsafe import escape as jinja_escape
from sqlalchemy.engine import Engine

from bot.catalog import LANGUAGES, catalog, t
from bot.jobs import JobConfig, run_sla_sweep
from bot.reasons import REASON_LABELS, describe_reasons, reason_label
from storage.life_at_risk import FLOOR_CODES
from tests.e2e.conversation_kit import data_for, press
from tests.fake_telegram import FakeTelegram
from tests.harness import STAFF_CHAT_ID, bearer
from tests.staff_pages import start_pages
from tests.storage.reports import report
from tests.updates import Person
from tests.webhook.jobs_kit import MONDAY_9_SEOUL, outbox_texts
from triage.signals import SIGNALS
from webhook.settings import Settings

NO_HEATING = {
    "ko": "난방 없음 (추위)",
    "en": "no heating in cold weather",
    "zh": "没有暖气（寒冷）",
}


def test_every_triage_reason_has_words_in_every_language() -> None:
    for code in (*SIGNALS, *FLOOR_CODES):
        assert code in REASON_LABELS, code
        for language in LANGUAGES:
            assert catalog(language)[REASON_LABELS[code]].strip(), (language, code)


def test_an_unknown_reason_is_shown_as_its_code() -> None:
    assert reason_label("en", "brand_new_signal") == "brand_new_signal"
    assert describe_reasons("ko", ["no_heating", "brand_new_signal"]) == (
        f"{NO_HEATING['ko']}, brand_new_signal"
    )


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_the_case_page_shows_reasons_in_the_staffs_language(
    settings: Settings, fake_telegram: FakeTelegram, language: str
) -> None:
    async with start_pages(settings) as pages:
        case = await pages.report(
            fake_telegram, Person(13001, "ko"), "옆집 할머니 댁에 보일러가 고장 나서 난방이 안 돼요"
        )
        staff = await pages.login("lee")
        staff.http.cookies.set("sagak_lang", language)
        page = (await staff.get(f"/admin/cases/{case.id}")).text
        assert t(language, "reason.no_heating") == NO_HEATING[language]
        codes = [str(reason["code"]) for reason in case.reasons]
        assert "no_heating" in codes
        for code in codes:
            assert escape(reason_label(language, code)) in page
            assert f"<code>{code}</code>" in page  # the stable code stays beside the words
        detail = await staff.http.get(
            f"/api/cases/{case.id}", headers=bearer(pages.api_token("lee"))
        )
        assert "no_heating" in [r["code"] for r in detail.json()["reasons"]]


async def test_the_person_at_risk_and_a_not_sure_are_flagged_on_the_pages(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    async with start_pages(settings) as pages:
        own = await pages.report(fake_telegram, Person(13101, "en"), "I want to die tonight")
        person = Person(13102, "ko")
        unsure = await pages.report(fake_telegram, person, "옆집 분이 실직했대요")
        [receipt] = fake_telegram.sent(chat_id=person.id)
        await pages.deliver(press(person, data_for(receipt, "unsure")))
        await fake_telegram.wait_for(chat_id=person.id, count=3)
        staff = await pages.login("park")
        staff.http.cookies.set("sagak_lang", "en")
        queue = (await staff.get("/admin/")).text
        assert t("en", "admin.queue.self_crisis") in queue
        assert t("en", "admin.queue.needs_review") in queue
        polled = (await staff.get("/admin/queue.json")).json()["items"]
        flags = {item["id"]: (item["self_crisis"], item["needs_review"]) for item in polled}
        assert flags[own.id] == (True, False) and flags[unsure.id] == (False, True)
        page = (await staff.get(f"/admin/cases/{own.id}")).text
        assert t("en", "admin.case.self_crisis") in page
        assert t("en", "reason.self_crisis") in page
        page = (await staff.get(f"/admin/cases/{unsure.id}")).text
        assert t("en", "admin.case.needs_review") in page


def test_an_sla_breach_alert_names_the_reasons_in_words(engine: Engine) -> None:
    case_id = report(engine, 1, "할머니 댁에 난방이 안 돼요", at=MONDAY_9_SEOUL)
    assert case_id
    config = JobConfig(staff_chat_id=STAFF_CHAT_ID)
    assert run_sla_sweep(engine, config, now=MONDAY_9_SEOUL + timedelta(days=4)) == 1
    [alert] = outbox_texts(engine, STAFF_CHAT_ID)
    assert NO_HEATING["ko"] in alert and "no_heating" not in alert


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_reasons_from_answers_name_their_source_instead_of_a_raw_note(
    settings: Settings, language: str
) -> None:
    async with start_pages(settings) as pages:
        case_id = report(
            pages.engine,
            13201,
            "옆집 어르신 댁에 불이 며칠째 꺼져 있어요",
            source="volunteer",
            facts={"source": "volunteer", "signs": ["no_food"], "crisis_types": ["livelihood"]},
        )
        staff = await pages.login("yoon")
        staff.http.cookies.set("sagak_lang", language)
        page = (await staff.get(f"/admin/cases/{case_id}")).text
        assert "facts:" not in page
        assert str(jinja_escape(t(language, "admin.evidence.volunteer_saw"))) in page
        kinds = t(language, "admin.fact.crisis_livelihood")
        assert str(jinja_escape(t(language, "admin.evidence.crisis", kinds=kinds))) in page
        assert str(jinja_escape(t(language, "admin.evidence.volunteer_tip"))) in page
        detail = await staff.http.get(
            f"/api/cases/{case_id}", headers=bearer(pages.api_token("yoon"))
        )
        matched = [str(reason["matched"]) for reason in detail.json()["reasons"]]
        assert "facts: volunteer saw no_food" in matched  # the API keeps the note as it is
