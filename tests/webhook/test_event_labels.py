"""Staff read a case's history in their language: event kinds in words, the API keeps codes."""

from __future__ import annotations

from html import escape

import pytest

from bot.catalog import t
from storage import cases
from storage.db import session_scope
from tests.fake_telegram import FakeTelegram
from tests.harness import bearer
from tests.staff_pages import start_pages
from tests.updates import Person
from webhook.settings import Settings

PAST_DEADLINE = {
    "ko": "응답 기한을 넘김",
    "en": "Past its response deadline",
    "zh": "已超过回应期限",
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_the_case_history_names_a_missed_deadline_in_the_staffs_language(
    settings: Settings, fake_telegram: FakeTelegram, language: str
) -> None:
    async with start_pages(settings) as pages:
        case = await pages.report(fake_telegram, Person(14001, "ko"), "옆집 할머니가 안 보여요")
        assert case.id is not None
        with session_scope(pages.engine) as session:
            cases.record_event(
                session,
                case_id=case.id,
                kind="sla_breached",
                data={"alert": 1, "overdue_minutes": 30, "from": "normal", "to": "high"},
            )
        staff = await pages.login("lee")
        staff.http.cookies.set("sagak_lang", language)
        page = (await staff.get(f"/admin/cases/{case.id}")).text
        assert escape(PAST_DEADLINE[language]) in page
        assert "sla_breached" not in page
        assert escape(t(language, "admin.priority.high")) in page
        detail = await staff.http.get(
            f"/api/cases/{case.id}", headers=bearer(pages.api_token("lee"))
        )
        assert "sla_breached" in [e["kind"] for e in detail.json()["events"]]


CASE_VIEWED = {"ko": "사례 열람", "en": "Case viewed", "zh": "查看案例"}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_the_audit_page_names_what_staff_did_in_the_staffs_language(
    settings: Settings, fake_telegram: FakeTelegram, language: str
) -> None:
    async with start_pages(settings) as pages:
        case = await pages.report(fake_telegram, Person(14101, "ko"), "할머니가 넘어지셨대요")
        kim = await pages.login("kim")
        await kim.get(f"/admin/cases/{case.id}")
        boss = await pages.login("boss", "supervisor")
        boss.http.cookies.set("sagak_lang", language)
        html = (await boss.get(f"/admin/audit?reference={case.reference}")).text
        assert f"{escape(CASE_VIEWED[language])} <code>case_viewed</code>" in html


async def test_the_reply_templates_page_names_a_templates_language(
    settings: Settings,
) -> None:
    async with start_pages(settings) as pages:
        boss = await pages.login("boss", "supervisor")
        boss.http.cookies.set("sagak_lang", "en")
        await boss.post(
            "/admin/templates", {"title": "방문 예정", "body": "곧 갑니다.", "language": "ko"}
        )
        html = (await boss.get("/admin/templates")).text
        assert '방문 예정 <span class="muted">한국어</span>' in html


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_the_audit_page_gives_an_entrys_details_in_words_and_the_csv_keeps_codes(
    settings: Settings, fake_telegram: FakeTelegram, language: str
) -> None:
    async with start_pages(settings) as pages:
        case = await pages.report(fake_telegram, Person(14201, "ko"), "옆집 아저씨가 실직했어요")
        kim = await pages.login("kim")
        changed = await kim.http.patch(
            f"/api/cases/{case.id}",
            json={"status": "in_progress", "priority": "high"},
            headers=bearer(pages.api_token("kim")),
        )
        assert changed.status_code == 200
        boss = await pages.login("boss", "supervisor")
        boss.http.cookies.set("sagak_lang", language)
        html = (await boss.get(f"/admin/audit?reference={case.reference}")).text
        status = t(language, "admin.audit.field.status")
        in_progress = t(language, "admin.status.in_progress")
        high = t(language, "admin.priority.high")
        assert f"{escape(status)}: {escape(in_progress)}" in html
        assert f"{escape(t(language, 'admin.audit.field.priority'))}: {escape(high)}" in html
        assert "&#34;status&#34;" not in html and '"status"' not in html  # no raw JSON
        csv = (await boss.get(f"/admin/audit.csv?reference={case.reference}")).text
        assert '""status"": ""in_progress""' in csv  # the export keeps the stable codes
