"""The queue's order, the same in the staff API and on the queue page: unanswered cases that
are overdue or critical first, then the rest by priority and due time; an overdue case
keeps showing how late it is."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import Session

from bot.jobs import JobConfig, run_sla_sweep
from storage.models import Case
from storage.types import utcnow
from tests.harness import STAFF_CHAT_ID, bearer
from tests.staff_pages import Pages, start_pages
from tests.storage.reports import load, report
from webhook.settings import Settings


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


def _answer(pages: Pages, case_id: int) -> None:
    with Session(pages.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.status = "in_progress"
        session.add(case)
        session.commit()


async def test_an_unanswered_overdue_case_heads_the_api_and_the_page_above_answered_critical(
    pages: Pages,
) -> None:
    now = utcnow()
    # Critical, reported 4 h 19 min ago: 3 h 19 min past its one-hour deadline, unanswered.
    breached = report(
        pages.engine, 1, "할아버지가 쓰러지셨어요", at=now - timedelta(hours=4, minutes=19)
    )
    answered = report(
        pages.engine,
        2,
        "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요",
        at=now - timedelta(minutes=20),
    )
    _answer(pages, answered)
    overdue = report(pages.engine, 3, "혼자 사시는 할아버지가 걱정돼요", at=now - timedelta(days=4))
    in_time = report(pages.engine, 4, "전기가 끊겼대요", at=now - timedelta(hours=1))
    fresh = report(pages.engine, 5, "옆집 할머니가 농약을 드시겠다고 하셨어요", at=now)
    run_sla_sweep(pages.engine, JobConfig(staff_chat_id=STAFF_CHAT_ID), now=utcnow())
    assert load(pages.engine, overdue).priority == "high"  # raised one level by the sweep

    expected = [breached, fresh, overdue, answered, in_time]
    pages.add_staff("kim", role="supervisor")
    token = pages.api_token("kim")
    api = (await pages.http().get("/api/cases", headers=bearer(token))).json()["items"]
    assert [item["id"] for item in api] == expected
    deadline = load(pages.engine, breached).due_at
    assert deadline == now - timedelta(hours=3, minutes=19)
    assert api[0]["due_at"].startswith(deadline.isoformat()[:19])

    kim = await pages.sign_in("kim")
    polled = (await kim.get("/admin/queue.json")).json()["items"]
    assert [item["id"] for item in polled] == expected
    assert polled[0]["sla"] == "overdue" and re.fullmatch(
        r"3시간 \d+분 지남", polled[0]["sla_text"]
    )
    html = (await kim.get("/admin/")).text
    references = [load(pages.engine, case_id).reference for case_id in expected]
    assert [html.index(reference) for reference in references] == sorted(
        html.index(reference) for reference in references
    )
    case_page = (await kim.get(f"/admin/cases/{breached}")).text
    assert re.search(r'data-sla="overdue">3시간 \d+분 지남</time>', case_page)
