"""Paging through the staff API's queue with `after`: every case once, in queue order, each
page as cheap as the first; offsets still work; a cursor the server never gave is refused."""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from storage.models import Case
from storage.types import utcnow
from tests.harness import bearer
from tests.staff_pages import Pages, start_pages
from triage import DEFAULT_SLA, Priority, queue_key
from webhook.settings import Settings

STATUSES = ("new", "in_progress", "help_arranged", "closed")
AGES = (timedelta(minutes=10), timedelta(hours=30), timedelta(days=9))


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


def _fill(pages: Pages) -> tuple[list[int], int]:
    """Every priority, status and age (none near its deadline), two cases that tie on every
    time, and a report folded into its household's case; returns the listed ids in queue
    order and the folded one."""
    now = utcnow()
    rows: list[Case] = []
    for number, (priority, status, age) in enumerate(itertools.product(Priority, STATUSES, AGES)):
        created = now - age - timedelta(seconds=number)
        rows.append(_case(f"SG-P{number:05d}", priority, status, created))
    tied = now - timedelta(days=2)
    rows += [_case(f"SG-TIE{n}", Priority.NORMAL, "closed", tied) for n in range(2)]
    with Session(pages.engine) as session:
        session.add_all(rows)
        session.commit()
        folded = _case("SG-FOLD1", Priority.HIGH, "new", tied)
        folded.duplicate_of, folded.duplicate_state = rows[0].id, "confirmed"
        session.add(folded)
        session.commit()
        listed = sorted(
            rows,
            key=lambda c: (
                queue_key(c.priority, c.due_at, c.created_at, status=c.status, now=utcnow()),
                c.id,
            ),
        )
        assert folded.id is not None
        return [c.id for c in listed if c.id is not None], folded.id


def _case(reference: str, priority: Priority, status: str, created: datetime) -> Case:
    return Case(
        reference=reference,
        priority=priority.value,
        status=status,
        created_at=created,
        updated_at=created,
        due_at=created + DEFAULT_SLA[priority],
    )


async def _walk(client: httpx.AsyncClient, token: str, query: str) -> list[list[int]]:
    pages: list[list[int]] = []
    answer = (await client.get(f"/api/cases?{query}", headers=bearer(token))).json()
    pages.append([item["id"] for item in answer["items"]])
    while answer["next"] is not None:
        url = f"/api/cases?{query}&after={answer['next']}"
        answer = (await client.get(url, headers=bearer(token))).json()
        pages.append([item["id"] for item in answer["items"]])
    return pages


async def test_walking_every_page_with_after_lists_each_case_once_in_queue_order(
    pages: Pages,
) -> None:
    expected, folded = _fill(pages)
    pages.add_staff("kim", role="supervisor")
    token = pages.api_token("kim")
    client = pages.http()

    walked = await _walk(client, token, "limit=7")

    assert [len(page) for page in walked] == [7] * 7 + [1]  # 50 cases, the last page short
    assert list(itertools.chain(*walked)) == expected
    assert folded not in expected
    one_page = (await client.get("/api/cases?limit=500", headers=bearer(token))).json()
    assert [item["id"] for item in one_page["items"]] == expected
    assert one_page["next"] is None


async def test_a_status_filter_pages_through_its_own_cases_only(pages: Pages) -> None:
    expected, _ = _fill(pages)
    pages.add_staff("kim", role="supervisor")
    client = pages.http()
    token = pages.api_token("kim")
    with Session(pages.engine) as session:
        statuses = {
            case.id: case.status for case in (session.get(Case, case_id) for case_id in expected)
        }
    walked = await _walk(client, token, "status=closed&limit=4")
    assert list(itertools.chain(*walked)) == [i for i in expected if statuses[i] == "closed"]
    walked_new = await _walk(client, token, "status=new&priority=high&limit=1")
    assert list(itertools.chain(*walked_new)) == [
        i for i in expected if statuses[i] == "new" and _priority(pages, i) == "high"
    ]


def _priority(pages: Pages, case_id: int) -> str:
    with Session(pages.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.priority


async def test_an_offset_still_pages_and_hands_on_a_cursor_for_the_rest(pages: Pages) -> None:
    expected, _ = _fill(pages)
    pages.add_staff("kim", role="supervisor")
    client = pages.http()
    token = pages.api_token("kim")
    by_offset = (await client.get("/api/cases?limit=10&offset=20", headers=bearer(token))).json()
    assert [item["id"] for item in by_offset["items"]] == expected[20:30]
    rest = await client.get(f"/api/cases?limit=30&after={by_offset['next']}", headers=bearer(token))
    assert [item["id"] for item in rest.json()["items"]] == expected[30:]
    assert rest.json()["next"] is None


_T = "2025-01-06T09:00:00+00:00"


def _cursor(fields: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        _cursor({"id": 3}),
        _cursor([_T, 99, _T, _T, 4]),  # no such segment
        _cursor(["2025-01-06T09:00:00", 1, _T, _T, 4]),  # a time without its zone
        _cursor(["yesterday", 1, _T, _T, 4]),
        _cursor([_T, 1, _T, _T, 2**40]),  # an id no case can have
        _cursor([_T, 1, _T, _T, "4"]),
    ],
)
async def test_a_cursor_the_server_never_gave_is_refused_with_a_clear_code(
    pages: Pages, cursor: str
) -> None:
    pages.add_staff("kim", role="supervisor")
    answer = await pages.http().get(
        "/api/cases", params={"after": cursor}, headers=bearer(pages.api_token("kim"))
    )
    assert answer.status_code == 422
    assert answer.json()["detail"]["code"] == "bad_cursor"


async def test_after_and_offset_together_are_refused(pages: Pages) -> None:
    _fill(pages)
    pages.add_staff("kim", role="supervisor")
    client = pages.http()
    token = pages.api_token("kim")
    first = (await client.get("/api/cases?limit=5", headers=bearer(token))).json()
    answer = await client.get(
        "/api/cases", params={"after": first["next"], "offset": 5}, headers=bearer(token)
    )
    assert answer.status_code == 422
    assert answer.json()["detail"]["code"] == "after_with_offset"
