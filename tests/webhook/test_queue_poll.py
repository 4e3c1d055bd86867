"""What the queue page's script polls: rows the server drew, and SLA clocks it worded."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from tests.fake_telegram import FakeTelegram
from tests.staff_pages import Pages, start_pages
from tests.updates import Person
from webhook.settings import Settings

WORDED = re.compile(r"(\d+일 ?)?(\d+시간 ?)?(\d+분)? 남음")


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


def _still(rows: str) -> str:
    """Rows without their running clocks' words, which change as a minute passes."""
    return re.sub(r'(data-sla="(running|overdue)"[^>]*>)[^<]*', r"\1", rows).strip()


def _tbody(html: str) -> str:
    return html.split('<table class="queue"', 1)[1].split("<tbody>", 1)[1].split("</tbody>")[0]


async def test_the_polled_rows_are_the_rows_the_page_drew(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    hostile = "<script>alert(1)</script> 할머니가 아프세요"
    await pages.report(fake_telegram, Person(7501), hostile)
    await pages.report(
        fake_telegram, Person(7502), "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요"
    )
    kim = await pages.login("kim")
    page = (await kim.get("/admin/?status=open")).text
    polled = (await kim.get("/admin/queue.json?status=open")).json()
    assert _still(polled["rows"]) == _still(_tbody(page))
    assert polled["rows"].count("<tr ") == 2
    assert "<script>alert" not in polled["rows"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in polled["rows"]


async def test_an_empty_queue_polls_as_the_empty_row(pages: Pages) -> None:
    kim = await pages.login("kim")
    rows = (await kim.get("/admin/queue.json")).json()["rows"]
    assert '<tr class="empty"><td colspan="8">' in rows


async def test_sla_clocks_are_worded_by_the_server_for_visible_cases_only(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    ours = await pages.report(fake_telegram, Person(7511), "옆집 할머니가 안 보이세요", "haemi")
    theirs = await pages.report(fake_telegram, Person(7512), "아이가 밥을 굶어요", "daesan")
    kim = await pages.login("kim", "staff", "haemi")
    clocks = (await kim.get(f"/admin/sla.json?ids={ours.id},{theirs.id},x,-1,")).json()
    assert set(clocks["clocks"]) == {str(ours.id)}  # another team's case does not exist here
    clock = clocks["clocks"][str(ours.id)]
    assert clock["sla"] == "running" and WORDED.fullmatch(clock["text"])
    page = (await kim.get(f"/admin/cases/{ours.id}")).text
    shown = re.search(rf'data-case="{ours.id}" data-sla="running">([^<]*)</time>', page)
    assert shown is not None and WORDED.fullmatch(shown.group(1))  # as the page words it
    assert (await pages.http().get(f"/admin/sla.json?ids={ours.id}")).status_code == 401
