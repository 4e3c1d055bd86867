"""Statistics, the audit trail, staff accounts and reply templates."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from storage.models import ApiToken, AuditEntry, Case, Staff, StaffSession
from storage.types import utcnow
from tests.fake_telegram import FakeTelegram
from tests.harness import bearer
from tests.staff_pages import PASSWORD, Pages, csrf_in, start_pages
from tests.updates import Person
from webhook.settings import Settings


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


async def test_statistics_count_reports_responses_visits_and_linkages(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    visited = await pages.report(fake_telegram, Person(8001), "폐지 줍는 할머니가 끼니를 거르세요")
    linked = await pages.report(
        fake_telegram, Person(8002), "옆집에서 아이를 때리는 소리가 계속 나요"
    )
    waiting = await pages.report(fake_telegram, Person(8003), "혼자 사는 청년이 일자리를 잃었대요")
    with Session(pages.engine) as session:
        # This one was due long ago and nobody answered: an SLA miss.
        row = session.get(Case, waiting.id)
        assert row is not None
        row.due_at = utcnow() - timedelta(hours=1)
        session.add(row)
        # Reported five hours ago: answered and visited now, so those take five hours.
        early = session.get(Case, visited.id)
        assert early is not None
        early.created_at = utcnow() - timedelta(hours=5)
        session.add(early)
        session.commit()
    kim = await pages.login("kim")
    await kim.post(f"/admin/cases/{visited.id}/reply", {"text": "내일 찾아뵙겠습니다"})
    await kim.post(f"/admin/cases/{visited.id}/status", {"status": "closed", "outcome": "visited"})
    await kim.post(
        f"/admin/cases/{linked.id}/status", {"status": "help_arranged", "outcome": "public_benefit"}
    )
    html = (await kim.get("/admin/stats")).text
    assert html.count("<svg viewBox") == 7  # the charts are drawn, as SVG, on the server
    assert '<rect class="c-response"' in html and '<rect class="c-visit"' in html
    assert '<rect class="c-critical"' in html
    rows = _csv((await kim.get("/admin/stats.csv?weeks=4")).text)
    assert sum(int(r["reports"]) for r in rows) == 3
    assert sum(int(r["visits"]) for r in rows) == 1
    to_visit = next(r["median_visit_minutes"] for r in rows if r["visits"] == "1")
    assert 295 <= int(to_visit) <= 305
    assert sum(int(r["linkages"]) for r in rows) == 1
    assert sum(int(r["responded"]) for r in rows) == 2
    # Answered in time: 2 of the 3 that are answered or past due.
    assert (sum(int(r["sla_met"]) for r in rows), sum(int(r["sla_due"]) for r in rows)) == (2, 3)
    with Session(pages.engine) as session:
        actions = session.exec(select(AuditEntry.action)).all()
    assert "stats_exported" in actions


async def test_statistics_only_count_the_viewers_teams(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    await pages.report(fake_telegram, Person(8011), "지하방 할아버지가 기침을 심하게 해요", "haemi")
    await pages.report(fake_telegram, Person(8012), "빌라 3층 아기 엄마가 우울해 보여요", "eumam")
    kim = await pages.login("kim", "staff", "haemi")
    rows = _csv((await kim.get("/admin/stats.csv")).text)
    assert {r["team"] for r in rows} == {"haemi"}
    boss = await pages.login("boss", "supervisor")
    rows = _csv((await boss.get("/admin/stats.csv")).text)
    assert {r["team"] for r in rows} == {"haemi", "eumam"}


async def test_supervisor_reads_and_exports_the_audit_trail(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(8021), "다세대 2층 할머니가 넘어지셨대요")
    kim = await pages.login("kim")
    await kim.get(f"/admin/cases/{case.id}")
    boss = await pages.login("boss", "supervisor")
    html = (await boss.get(f"/admin/audit?reference={case.reference}")).text
    assert "staff:kim" in html and "case_viewed" in html and "203.0.113.7" in html
    rows = _csv((await boss.get("/admin/audit.csv?action=case_viewed")).text)
    assert [(r["actor"], r["case"]) for r in rows] == [("staff:kim", case.reference)]
    with Session(pages.engine) as session:
        actions = set(session.exec(select(AuditEntry.action)).all())
    assert {"audit_viewed", "audit_exported"} <= actions


async def test_csv_exports_defuse_spreadsheet_formulas(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    await pages.report(
        fake_telegram, Person(8041), "할머니 댁 창문이 깨져 있어요", "=cmd|'/c calc'!A1"
    )
    boss = await pages.login("boss", "supervisor")
    rows = _csv((await boss.get("/admin/stats.csv")).text)
    assert [r["team"] for r in rows] == ["'=cmd|'/c calc'!A1"]


async def test_admin_creates_an_account_that_can_then_sign_in(pages: Pages) -> None:
    admin = await pages.login("root", "admin")
    response = await admin.post(
        "/admin/staff",
        {"username": "park", "role": "staff", "team": "haemi", "password": "a long password"},
    )
    assert response.status_code == 303
    park = await pages.sign_in("park", "a long password")
    assert (await park.get("/admin/")).status_code == 200
    short = await admin.post("/admin/staff", {"username": "lee", "password": "short"})
    assert "error=admin.error.password_short" in short.headers["location"]


async def test_disabling_an_account_ends_its_sessions_and_tokens(pages: Pages) -> None:
    admin = await pages.login("root", "admin")
    kim = await pages.login("kim")
    token = pages.api_token("kim")
    with Session(pages.engine) as session:
        kim_id = session.exec(select(Staff.id).where(col(Staff.username) == "kim")).one()
    await admin.post(f"/admin/staff/{kim_id}/active", {"active": "0"})
    assert (await kim.get("/admin/")).status_code == 303
    assert (await kim.http.get("/api/cases", headers=bearer(token))).status_code == 401
    with Session(pages.engine) as session:
        open_rows = session.exec(
            select(StaffSession).where(
                col(StaffSession.staff_id) == kim_id, col(StaffSession.revoked_at).is_(None)
            )
        ).all()
    assert open_rows == []
    # An admin cannot lock themselves out.
    with Session(pages.engine) as session:
        root_id = session.exec(select(Staff.id).where(col(Staff.username) == "root")).one()
    refused = await admin.post(f"/admin/staff/{root_id}/active", {"active": "0"})
    assert "error=admin.error.not_yourself" in refused.headers["location"]


async def test_password_reset_signs_the_person_out(pages: Pages) -> None:
    admin = await pages.login("root", "admin")
    kim = await pages.login("kim")
    with Session(pages.engine) as session:
        kim_id = session.exec(select(Staff.id).where(col(Staff.username) == "kim")).one()
    mismatch = await admin.post(
        f"/admin/staff/{kim_id}/password", {"password": "new password 1", "repeat": "other"}
    )
    assert "error=admin.error.password_mismatch" in mismatch.headers["location"]
    await admin.post(
        f"/admin/staff/{kim_id}/password",
        {"password": "new password 1", "repeat": "new password 1"},
    )
    assert (await kim.get("/admin/")).status_code == 303
    await pages.sign_in("kim", "new password 1")
    http = pages.http()
    form = await http.get("/admin/login")
    old = await http.post(
        "/admin/login",
        data={"username": "kim", "password": PASSWORD, "csrf_token": csrf_in(form.text)},
    )
    assert old.status_code == 401


async def test_api_tokens_are_shown_once_and_can_be_revoked(pages: Pages) -> None:
    admin = await pages.login("root", "admin")
    with Session(pages.engine) as session:
        root_id = session.exec(select(Staff.id).where(col(Staff.username) == "root")).one()
    issued = await admin.post(f"/admin/staff/{root_id}/tokens")
    token = issued.text.split('<code class="secret">')[1].split("<")[0]
    assert token.startswith("sgk_")
    assert (await admin.http.get("/api/cases", headers=bearer(token))).status_code == 200
    assert token not in (await admin.get(f"/admin/staff/{root_id}")).text
    with Session(pages.engine) as session:
        token_id = session.exec(select(ApiToken.id).where(col(ApiToken.staff_id) == root_id)).one()
    await admin.post(f"/admin/staff/{root_id}/tokens/{token_id}/revoke")
    assert (await admin.http.get("/api/cases", headers=bearer(token))).status_code == 401


async def test_supervisor_saves_a_reply_template_staff_can_use(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(8031), "옆집 어르신 보일러가 고장 났어요")
    boss = await pages.login("boss", "supervisor")
    await boss.post(
        "/admin/templates",
        {
            "title": "방문 예정",
            "body": "알려 주셔서 고맙습니다. 오늘 방문합니다.",
            "language": "ko",
        },
    )
    await boss.post(
        "/admin/templates", {"title": "In English", "body": "Thanks!", "language": "en"}
    )
    kim = await pages.login("kim")
    html = (await kim.get(f"/admin/cases/{case.id}")).text
    assert 'data-body="알려 주셔서 고맙습니다. 오늘 방문합니다."' in html
    assert "Thanks!" not in html  # offered in the reporter's language only


async def test_the_on_time_chart_covers_the_same_weeks_as_the_others(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(8101), "혼자 사는 어르신이 며칠째 안 보이세요")
    kim = await pages.login("kim")
    await kim.post(f"/admin/cases/{case.id}/reply", {"text": "오늘 찾아뵙겠습니다"})  # in time
    html = (await kim.get("/admin/stats")).text
    figures = html.split("<figcaption>")[1:]
    weeks = {f.split("</figcaption>")[0]: f.count('<text class="axis"') for f in figures}
    assert weeks["주별 신고 수 (우선순위별)"] == 12
    assert weeks["주별 기한 내 응대율"] == 12


async def test_partner_names_under_the_referral_chart_are_whole(pages: Pages) -> None:
    from webhook.simulator.demo import partners as demo_partners
    from webhook.simulator.demo import seed as demo

    with Session(pages.engine) as session:
        demo.seed_week(session)
        demo_partners.seed_partners(session)
        session.commit()
    boss = await pages.login("boss", "supervisor")
    html = (await boss.get("/admin/stats")).text
    figure = html.split("<figcaption>기관별 연계")[1].split("</figure>")[0]
    labels = re.findall(r'<text class="axis"[^>]*><title>([^<]*)</title>(.*?)</text>', figure)
    assert labels
    for name, spans in labels:
        lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", spans)
        assert "".join(lines).replace(" ", "") == name.replace(" ", ""), (name, lines)
    assert "(데모) 행복나눔 푸드뱅크" in [name for name, _ in labels]  # was "(데모) 행복나…"
