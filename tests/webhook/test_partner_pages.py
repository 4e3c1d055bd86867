"""The partner directory pages, referrals on the case page and the linkage statistics."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import pytest
from sqlmodel import Session, col, select

from storage import partners
from storage.db import session_scope
from storage.models import AuditEntry, Partner, Referral
from storage.partners import PartnerFields
from tests.fake_telegram import FakeTelegram
from tests.staff_pages import Pages, StaffClient, start_pages
from tests.updates import Person
from webhook.settings import Settings

SCRIPT_NAME = "<script>alert(1)</script> 나눔센터"


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


def _partner(pages: Pages, name: str, services: list[str]) -> int:
    with session_scope(pages.engine) as session:
        partner = partners.create_partner(session, PartnerFields(name, services, []))
        assert partner.id is not None
        return partner.id


def _actions(pages: Pages) -> list[str]:
    with Session(pages.engine) as session:
        return list(session.exec(select(AuditEntry.action)).all())


def _partner_named(pages: Pages, name: str) -> Partner | None:
    with Session(pages.engine) as session:
        return partners.find_by_name(session, name)


async def _upload(client: StaffClient, content: bytes) -> str:
    response = await client.http.post(
        "/admin/partners/import",
        data={"csrf_token": client.csrf},
        files={"file": ("partners.csv", content, "text/csv")},
    )
    assert response.status_code == 200, response.text
    return response.text


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


async def test_staff_read_the_directory_and_supervisors_keep_it(pages: Pages) -> None:
    boss = await pages.login("boss", "supervisor")
    created = await boss.post(
        "/admin/partners",
        {
            "name": "서산푸드뱅크",
            "services": ["food", "goods"],
            "contact": "041-000-0000",
            "public": "1",
        },
    )
    assert created.status_code == 303
    bank = _partner_named(pages, "서산푸드뱅크")
    assert bank is not None and bank.services == ["food", "goods"] and bank.public
    taken = await boss.post("/admin/partners", {"name": "서산푸드뱅크", "services": "care"})
    assert "이미 있습니다" in taken.text and 'value="서산푸드뱅크"' in taken.text  # kept as typed
    _partner(pages, "해미의원", ["health"])

    kim = await pages.login("kim", "staff", "haemi")
    page = (await kim.get("/admin/partners")).text
    assert "서산푸드뱅크" in page and "해미의원" in page and "041-000-0000" in page
    assert 'method="post" action="/admin/partners"' not in page  # no forms to change it
    assert "/admin/partners/import" not in page and "/admin/partners/" not in page
    filtered = (await kim.get("/admin/partners?service=health")).text
    assert "해미의원" in filtered and "서산푸드뱅크" not in filtered
    assert (await kim.post("/admin/partners", {"name": "X", "services": "food"})).status_code == 403
    assert (await kim.get(f"/admin/partners/{bank.id}")).status_code == 403
    refused = await kim.post(f"/admin/partners/{bank.id}/active", {"active": "0"})
    assert refused.status_code == 403

    edit = (await boss.get(f"/admin/partners/{bank.id}")).text
    assert 'value="041-000-0000"' in edit
    await boss.post(
        f"/admin/partners/{bank.id}",
        {"name": "서산푸드뱅크", "services": ["food"], "hours": "평일 9-18시"},
    )
    await boss.post(f"/admin/partners/{bank.id}/active", {"active": "0"})
    bank = _partner_named(pages, "서산푸드뱅크")
    assert bank is not None and bank.services == ["food"] and bank.hours == "평일 9-18시"
    assert not bank.active and not bank.public  # the box was left unticked
    assert "서산푸드뱅크" not in (await kim.get("/admin/partners")).text
    assert "서산푸드뱅크" in (await boss.get("/admin/partners")).text  # among the deactivated
    assert {"partner_created", "partner_updated", "partner_deactivated"} <= set(_actions(pages))


async def test_a_csv_upload_imports_good_rows_and_lists_each_bad_line(pages: Pages) -> None:
    boss = await pages.login("boss", "supervisor")
    content = (
        "\ufeffname,services,districts,contact,hours,notes,public\n"
        "서산푸드뱅크,food;goods,,041-000-0000,,,yes\n"
        "잘못된 기관,foo,,,,,\n"
        "해미의원,의료·건강|mental_health,,,,,no\n"
        ",food,,,,,\n"
    ).encode()
    page = await _upload(boss, content)
    assert "2곳 추가, 0곳 수정, 건너뛴 줄 2개" in page
    assert '<th scope="row">3</th><td>알 수 없는 지원 분야 ‘foo’</td>' in page
    assert '<th scope="row">5</th><td>기관명이 없습니다.</td>' in page
    clinic = _partner_named(pages, "해미의원")
    assert clinic is not None and clinic.services == ["health", "mental_health"]
    assert not clinic.public
    again = await _upload(boss, content)  # the same file again updates, adds nothing
    assert "0곳 추가, 2곳 수정" in again
    # A file that adds nothing (here: no header line) is not shown as a success.
    nothing = await _upload(boss, "서산푸드뱅크,food,,,,,\n".encode())
    assert '<p class="notice"' not in nothing and '<p class="caution"' in nothing
    assert "아무것도 추가하거나 수정하지 않았습니다" in nothing
    assert "글자로 읽을 수 없습니다" in await _upload(boss, b"\xff\xfe\x00\xd8")
    assert _actions(pages).count("partners_imported") == 3
    kim = await pages.login("kim")
    response = await kim.http.post(
        "/admin/partners/import",
        data={"csrf_token": kim.csrf},
        files={"file": ("p.csv", content, "text/csv")},
    )
    assert response.status_code == 403


async def test_a_referral_and_its_result_show_on_the_case_page_and_in_its_history(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(9101), "할머니가 며칠째 굶으셨대요", "haemi")
    bank = _partner(pages, "서산푸드뱅크", ["food", "goods"])
    kim = await pages.login("kim", "staff", "haemi")
    page = (await kim.get(f"/admin/cases/{case.id}")).text
    assert f'value="{bank}:goods"' in page and "아직 연계 기록이 없습니다" in page
    response = await kim.post(
        f"/admin/cases/{case.id}/referrals", {"choice": f"{bank}:goods", "note": "쌀과 이불"}
    )
    assert response.headers["location"].endswith("?notice=admin.notice.saved#referrals")
    with Session(pages.engine) as session:
        referral = session.exec(select(Referral)).one()
    assert (referral.case_id, referral.service, referral.note) == (case.id, "goods", "쌀과 이불")
    await kim.post(f"/admin/cases/{case.id}/referrals/{referral.id}/result", {"result": "helped"})
    page = (await kim.get(f"/admin/cases/{case.id}")).text
    section = page[page.index('id="referrals"') : page.index('id="history"')]
    assert "서산푸드뱅크" in section and "생활용품" in section and "쌀과 이불" in section
    assert '<option value="helped" selected>' in section
    history = page[page.index('id="history"') :]
    assert "기관 연계 의뢰" in history and "연계 결과" in history
    assert "의뢰함 → 지원 완료" in history and "서산푸드뱅크 · 생활용품" in history
    assert {"referral_recorded", "referral_result_set"} <= set(_actions(pages))
    offered_not = await kim.post(f"/admin/cases/{case.id}/referrals", {"choice": f"{bank}:legal"})
    assert "error=admin.error.invalid" in offered_not.headers["location"]


async def test_another_teams_case_and_its_referrals_are_not_found(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(9111), "옥탑방 청년이 굶고 있어요", "haemi")
    other = await pages.report(fake_telegram, Person(9112), "아이가 밤에 혼자 있어요", "eumam")
    bank = _partner(pages, "서산푸드뱅크", ["food"])
    kim = await pages.login("kim", "staff", "haemi")
    await kim.post(f"/admin/cases/{case.id}/referrals", {"choice": f"{bank}:food"})
    with Session(pages.engine) as session:
        referral = session.exec(select(Referral)).one()
    outsider = await pages.login("lee", "staff", "eumam")
    made = await outsider.post(f"/admin/cases/{case.id}/referrals", {"choice": f"{bank}:food"})
    assert made.status_code == 404
    path = f"/admin/cases/{case.id}/referrals/{referral.id}/result"
    assert (await outsider.post(path, {"result": "declined"})).status_code == 404
    # A referral is only reached through its own case.
    wrong = f"/admin/cases/{other.id}/referrals/{referral.id}/result"
    assert (await outsider.post(wrong, {"result": "declined"})).status_code == 404
    with Session(pages.engine) as session:
        assert session.exec(select(Referral)).one().result == "referred"


async def test_forms_without_the_csrf_token_change_nothing(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(9121), "반지하 가족이 쌀이 떨어졌대요")
    bank = _partner(pages, "서산푸드뱅크", ["food"])
    boss = await pages.login("boss", "supervisor")
    for path, form in [
        ("/admin/partners", {"name": "새 기관", "services": "food"}),
        (f"/admin/partners/{bank}", {"name": "바뀐 이름", "services": "food"}),
        (f"/admin/partners/{bank}/active", {"active": "0"}),
        (f"/admin/cases/{case.id}/referrals", {"choice": f"{bank}:food"}),
    ]:
        assert (await boss.post(path, form, csrf=False)).status_code == 403, path
    upload = await boss.http.post(
        "/admin/partners/import", files={"file": ("p.csv", b"name,services\nA,food\n")}
    )
    assert upload.status_code == 403
    with Session(pages.engine) as session:
        assert [p.name for p in session.exec(select(Partner)).all()] == ["서산푸드뱅크"]
        assert session.exec(select(Partner)).one().active
        assert session.exec(select(Referral)).all() == []


async def test_a_partner_name_with_markup_renders_inert(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(9131), "할아버지 댁에 먹을 게 없어요")
    partner = _partner(pages, SCRIPT_NAME, ["food"])
    boss = await pages.login("boss", "supervisor")
    await boss.post(f"/admin/cases/{case.id}/referrals", {"choice": f"{partner}:food"})
    for path in ("/admin/partners", f"/admin/partners/{partner}", f"/admin/cases/{case.id}"):
        html = (await boss.get(path)).text
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt; 나눔센터" in html, path
    stats = (await boss.get("/admin/stats")).text
    assert "<script>alert" not in stats and "&lt;script&gt;alert(1)&lt;/script&gt;" in stats


async def test_referral_statistics_count_by_service_and_organisation(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    first = await pages.report(fake_telegram, Person(9141), "할머니가 끼니를 거르세요", "haemi")
    second = await pages.report(fake_telegram, Person(9142), "아저씨가 약값이 없대요", "haemi")
    elsewhere = await pages.report(fake_telegram, Person(9143), "아이가 굶어요", "eumam")
    bank = _partner(pages, "서산푸드뱅크", ["food", "goods"])
    clinic = _partner(pages, "해미의원", ["health"])
    boss = await pages.login("boss", "supervisor")
    for case, choice in [
        (first, f"{bank}:food"),
        (first, f"{bank}:goods"),
        (second, f"{clinic}:health"),
        (elsewhere, f"{bank}:food"),
    ]:
        await boss.post(f"/admin/cases/{case.id}/referrals", {"choice": choice})
    with Session(pages.engine) as session:
        helped = session.exec(select(Referral).where(col(Referral.service) == "health")).one()
    await boss.post(f"/admin/cases/{second.id}/referrals/{helped.id}/result", {"result": "helped"})
    html = (await boss.get("/admin/stats")).text
    assert 'aria-label="분야별 연계"' in html and 'aria-label="기관별 연계"' in html
    assert '<rect class="c-helped"' in html and '<rect class="c-referred"' in html
    assert '<tr><th scope="row">식품·먹거리</th><td>2</td>' in html
    assert '<tr><th scope="row">서산푸드뱅크</th><td>3</td>' in html
    assert '<tr><th scope="row">해미의원</th><td>1</td><td>1</td>' in html  # 1 helped

    rows = [r for r in _csv((await boss.get("/admin/stats.csv")).text) if r["service"]]
    counted: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["service"], row["partner"])
        counted[key] = counted.get(key, 0) + int(row["referrals"])
        assert row["reports"] == "0"  # referral rows add nothing to the case figures
    assert counted == {
        ("food", "서산푸드뱅크"): 2,
        ("goods", "서산푸드뱅크"): 1,
        ("health", "해미의원"): 1,
    }
    assert sum(int(r["referrals_helped"]) for r in rows) == 1
    kim = await pages.login("kim", "staff", "haemi")
    mine = [r for r in _csv((await kim.get("/admin/stats.csv")).text) if r["service"]]
    assert sum(int(r["referrals"]) for r in mine) == 3  # not the other team's referral
    assert {r["team"] for r in mine} == {"haemi"}
