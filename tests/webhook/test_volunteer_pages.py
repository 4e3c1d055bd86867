"""The volunteers page and visit requests on the case page: staff invite, disable and ask."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from sqlmodel import Session, col, select

from storage.models import AuditEntry, VisitRequest, Volunteer
from tests.fake_telegram import FakeTelegram
from tests.staff_pages import Pages, start_pages
from tests.updates import Person
from webhook.settings import Settings

CODE = re.compile(r"<code>(V[0-9A-Z]{10})</code>")


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


async def _join(pages: Pages, fake: FakeTelegram, code: str, person: Person) -> None:
    await pages.deliver(person.text(f"/start {code}"))
    await fake.wait_for(chat_id=person.id)


async def test_staff_invite_a_volunteer_ask_them_to_visit_and_disable_them(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(7301), "옆집 할머니가 며칠째 안 보여요")
    kim = await pages.login("kim")
    created = await kim.post("/admin/volunteers/invites", {"name": "<b>박통장</b>"})
    assert created.status_code == 303
    page = (await kim.get(created.headers["location"])).text
    code = CODE.search(page)
    assert code, page
    assert f"https://t.me/{fake_telegram.bot_username}?start={code.group(1)}" in page
    assert "&lt;b&gt;박통장&lt;/b&gt;" in page and "<b>박통장</b>" not in page

    volunteer = Person(7302)
    await _join(pages, fake_telegram, code.group(1), volunteer)
    listing = (await kim.get("/admin/volunteers")).text
    assert "&lt;b&gt;박통장&lt;/b&gt;" in listing

    case_page = (await kim.get(f"/admin/cases/{case.id}")).text
    assert 'action="/admin/cases/' in case_page and "visit-requests" in case_page
    with Session(pages.engine) as session:
        volunteer_id = session.exec(select(Volunteer.id)).one()
    asked = await kim.post(
        f"/admin/cases/{case.id}/visit-requests",
        {"volunteer_id": volunteer_id, "details": "2통 5반, 문 앞 우편물 확인"},
    )
    assert asked.status_code == 303 and "notice=" in asked.headers["location"]
    _, request = await fake_telegram.wait_for(chat_id=volunteer.id, count=2)
    assert "2통 5반" in request.params["text"]
    shown = (await kim.get(f"/admin/cases/{case.id}")).text
    assert "2통 5반, 문 앞 우편물 확인" in shown

    with Session(pages.engine) as session:
        row = session.exec(select(VisitRequest)).one()
    cancelled = await kim.post(f"/admin/cases/{case.id}/visit-requests/{row.id}/cancel")
    assert cancelled.status_code == 303
    disabled = await kim.post(f"/admin/volunteers/{volunteer_id}/active", {"active": "0"})
    assert disabled.status_code == 303
    with Session(pages.engine) as session:
        assert session.get(Volunteer, volunteer_id).active is False  # type: ignore[union-attr]
        actions = set(session.exec(select(AuditEntry.action)).all())
    assert {"volunteer_invited", "visit_requested", "visit_cancelled", "volunteer_disabled"} <= (
        actions
    )


async def test_forms_without_the_csrf_token_change_nothing(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(7311), "아랫집 아이가 밤에 혼자 울어요")
    kim = await pages.login("kim")
    refused = await kim.post("/admin/volunteers/invites", {"name": "Lee"}, csrf=False)
    assert refused.status_code == 403
    refused = await kim.post(
        f"/admin/cases/{case.id}/visit-requests", {"volunteer_id": 1, "details": "x"}, csrf=False
    )
    assert refused.status_code == 403
    with Session(pages.engine) as session:
        invited = select(AuditEntry).where(col(AuditEntry.action) == "volunteer_invited")
        assert session.exec(invited).first() is None


async def test_another_teams_case_cannot_get_a_visit_request(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(7321), "옆집에서 악취가 나요", team="north")
    south = await pages.login("park", team="south")
    answer = await south.post(
        f"/admin/cases/{case.id}/visit-requests", {"volunteer_id": 1, "details": "x"}
    )
    assert answer.status_code == 404
