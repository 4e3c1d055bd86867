"""Every number a request carries fits the database: huge ids and pages never answer 500."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from fastapi.routing import APIRoute

from tests.fake_telegram import FakeTelegram
from tests.staff_pages import Pages, start_pages
from tests.updates import Person
from webhook import routes_api, routes_queue, routes_volunteers
from webhook.admin import ROUTERS
from webhook.settings import Settings

HUGE = str(2**64)  # beyond any 64-bit integer
# Beyond PostgreSQL's INTEGER ids, SQLite's and PostgreSQL's 64-bit integers, and Python's
# limit on converting digits.
NUMBERS = (str(2**31), HUGE, str(2**63), "-" + HUGE, "9" * 5000)
QUERY_NUMBERS = ("offset", "limit", "page", "invite", "weeks", "case_id", "id")
FORM_NUMBERS = ("choice", "partner_id", "back_to", "into", "volunteer_id", "case_id", "assignee")
PARAMETER = re.compile(r"\{[^}]+\}")
ELSEWHERE = ("/telegram", "/kakao", "/simulator", "/admin/login", "/admin/logout")


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


def routes() -> list[tuple[str, str]]:
    """(method, path) of every staff route: the API and the pages."""
    found = []
    for router in (routes_api.router, routes_queue.router, routes_volunteers.router, *ROUTERS):
        for route in router.routes:
            if not isinstance(route, APIRoute) or route.path.startswith(ELSEWHERE):
                continue
            found += [(method, route.path) for method in sorted(route.methods) if method != "HEAD"]
    assert len(found) > 40
    return found


async def test_huge_numbers_in_paths_queries_and_bodies_never_answer_500(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    await pages.report(fake_telegram, Person(7601), "옆집 할머니가 며칠째 안 보이세요")
    staff = await pages.login("boss", role="admin")
    bearer = {"Authorization": f"Bearer {pages.api_token('boss')}"}
    checked = 0
    for method, template in routes():
        for number in NUMBERS:
            path = PARAMETER.sub(number, template)
            query = dict.fromkeys(QUERY_NUMBERS, number)
            if template.startswith("/api"):
                response = await staff.http.request(
                    method,
                    path,
                    params=query,
                    headers=bearer,
                    json=dict.fromkeys(FORM_NUMBERS, int(number)) if len(number) < 30 else {},
                )
            elif method == "GET":
                response = await staff.get(path, params=query)
            else:
                form = dict.fromkeys(FORM_NUMBERS, number)
                form["choice"] = f"{number}:food"
                response = await staff.post(path, form)
            assert response.status_code < 500, (method, path, response.status_code)
            checked += 1
    assert checked > 100  # the sweep found the routes


async def test_an_offset_beyond_64_bits_is_refused_and_a_huge_page_is_the_last_page(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    await pages.report(fake_telegram, Person(7602), "옆집 할머니가 며칠째 안 보이세요")
    staff = await pages.login("chief", role="supervisor")
    bearer = {"Authorization": f"Bearer {pages.api_token('chief')}"}
    response = await staff.http.get("/api/cases", params={"offset": HUGE}, headers=bearer)
    assert response.status_code == 422
    far = await staff.http.get("/api/cases", params={"offset": 2**63 - 1}, headers=bearer)
    assert far.status_code == 200 and far.json() == {"items": [], "next": None}
    audit = await staff.get("/admin/audit", params={"page": HUGE})
    assert audit.status_code == 200
    missing = await staff.get(f"/admin/cases/{HUGE}")
    assert missing.status_code == 404
    api_missing = await staff.http.get(f"/api/cases/{HUGE}", headers=bearer)
    assert api_missing.status_code == 404
    case_id = (await staff.http.get("/api/cases", headers=bearer)).json()["items"][0]["id"]
    merge = await staff.http.post(
        f"/api/cases/{case_id}/merge", json={"into": 2**64}, headers=bearer
    )
    assert merge.status_code == 422
