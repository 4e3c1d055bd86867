"""Staff of one team never read another team's report through a household: not its words in
the reasons, not its reporter in the count, not its case id in the history; in the API
and on the pages alike. Merging across teams is a supervisor's call."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import Session

from storage import cases, duplicates
from storage.models import Case
from tests.harness import bearer
from tests.staff_pages import Pages, start_pages
from tests.storage.reports import load, locate, report
from triage import assess
from webhook.settings import Settings

HAEMI_WORDS = "혼자 사시는 할아버지가 요즘 끼니를 거르시는 것 같아서 걱정돼요 한번 가봐 주세요"
DAESAN_WORDS = HAEMI_WORDS + " 농약을 사두셨대요"  # only the daesan-eup reporter wrote this
SECRET = "농약"
HAEMI = "서산시 해미면 읍내리 12"
DAESAN = "서산시 대산읍 대산리 5"


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    routed = settings.replace(districts_file="builtin:seosan")
    async with start_pages(routed) as running:
        yield running


async def _api(pages: Pages, token: str, path: str, body: dict[str, Any] | None = None) -> Any:
    http = pages.http()
    if body is None:
        return await http.get(path, headers=bearer(token))
    return await http.post(path, json=body, headers=bearer(token))


def _token(pages: Pages, username: str, role: str = "staff", team: str | None = None) -> str:
    pages.add_staff(username, role, team)
    return pages.api_token(username)


def _linked_before_the_rule(pages: Pages, *, report_id: int, primary_id: int) -> None:
    """A link to another team's report as releases before this rule made them: the
    household's case re-assessed with that report's words."""
    with Session(pages.engine, expire_on_commit=False) as session:
        report_case, primary = session.get(Case, report_id), session.get(Case, primary_id)
        assert report_case is not None and primary is not None
        duplicates.link(session, case=report_case, primary=primary, basis="similar_text")
        cases.reassess(session, case=primary, assessment=assess(DAESAN_WORDS))
        session.commit()


async def test_a_report_that_went_to_another_team_leaves_nothing_on_the_household(
    pages: Pages,
) -> None:
    haemi = report(pages.engine, 1, HAEMI_WORDS, address=HAEMI)
    daesan = report(pages.engine, 2, DAESAN_WORDS)  # linked by its words, address unknown
    locate(pages.engine, daesan, DAESAN)  # then it turns out to be team daesan-eup's
    lee = _token(pages, "lee", team="haemi-myeon")

    detail = await _api(pages, lee, f"/api/cases/{haemi}")
    assert detail.status_code == 200, detail.text
    assert SECRET not in detail.text
    case = detail.json()
    assert case["priority"] == "high" and case["reporters_count"] == 1
    links = [e for e in case["events"] if e["kind"] in ("duplicate_linked", "duplicate_split")]
    assert links and all(e["data"]["case"] is None and e["data"]["other_team"] for e in links)
    listed = await _api(pages, lee, "/api/cases")
    assert SECRET not in listed.text
    assert [item["id"] for item in listed.json()["items"]] == [haemi]

    page = await (await pages.sign_in("lee")).get(f"/admin/cases/{haemi}")
    assert page.status_code == 200
    assert SECRET not in page.text and load(pages.engine, daesan).reference not in page.text


async def test_a_link_made_before_the_rule_shows_without_the_other_teams_report(
    pages: Pages,
) -> None:
    haemi = report(pages.engine, 1, HAEMI_WORDS, address=HAEMI)
    daesan = report(pages.engine, 2, "대산리 할아버지가 농약을 사두셨대요", address=DAESAN)
    _linked_before_the_rule(pages, report_id=daesan, primary_id=haemi)
    lee = _token(pages, "lee", team="haemi-myeon")
    boss = _token(pages, "boss", role="supervisor")

    [item] = (await _api(pages, lee, "/api/cases")).json()["items"]
    assert item["id"] == haemi and item["reporters_count"] == 1
    assert SECRET not in json.dumps(item, ensure_ascii=False)
    assert "other_team_report" in [reason["code"] for reason in item["reasons"]]
    assert "no_food" in [reason["code"] for reason in item["reasons"]]  # its own words stay
    detail = await _api(pages, lee, f"/api/cases/{haemi}")
    assert SECRET not in detail.text and detail.json()["reporters_count"] == 1
    assert daesan not in [e["data"].get("case") for e in detail.json()["events"]]
    household = (await _api(pages, lee, f"/api/cases/{haemi}/household")).json()
    assert household["reporters_count"] == 1 and household["linked"] == []
    assert SECRET not in json.dumps(household, ensure_ascii=False)

    staff = await pages.sign_in("lee")
    page = await staff.get(f"/admin/cases/{haemi}")
    assert SECRET not in page.text and "다른 팀의 신고" in page.text
    [row] = (await staff.get("/admin/queue.json")).json()["items"]
    assert row["reporters"] == 1

    # Whoever may see both reports sees the household whole.
    whole = await _api(pages, boss, f"/api/cases/{haemi}")
    assert SECRET in whole.text and whole.json()["reporters_count"] == 2


async def test_a_merge_into_a_case_without_a_team_keeps_it_in_the_merging_team(
    pages: Pages,
) -> None:
    by_api = report(pages.engine, 1, "할머니가 밥을 못 드세요")  # no team yet: everyone sees it
    by_page = report(pages.engine, 2, "할아버지가 난방을 못 하세요")
    first = report(pages.engine, 3, "대산리 할머니가 농약을 사두셨대요", address=DAESAN)
    second = report(pages.engine, 4, "대산리 할아버지도 농약을 사두셨대요", address=DAESAN + "-1")
    kim = _token(pages, "kim", team="daesan-eup")
    lee = _token(pages, "lee", team="haemi-myeon")

    merged = await _api(pages, kim, f"/api/cases/{first}/merge", {"into": by_api})
    assert merged.status_code == 200, merged.text
    page = await (await pages.sign_in("kim")).post(
        f"/admin/cases/{second}/merge", {"reference": load(pages.engine, by_page).reference}
    )
    assert "notice=admin.notice.merged" in page.headers["location"]

    for household in (by_api, by_page):
        assert load(pages.engine, household).team == "daesan-eup"
        assert (await _api(pages, lee, f"/api/cases/{household}")).status_code == 404
    assert SECRET not in (await _api(pages, lee, "/api/cases")).text
    other = await pages.sign_in("lee")
    assert (await other.get(f"/admin/cases/{by_page}")).status_code == 404


async def test_only_a_supervisor_merges_reports_of_two_teams(pages: Pages) -> None:
    haemi = report(pages.engine, 1, HAEMI_WORDS, address=HAEMI)
    linked = report(pages.engine, 2, DAESAN_WORDS)  # no team yet, in haemi-myeon's household
    daesan = report(pages.engine, 3, "대산리 할머니가 밥을 못 드세요", address=DAESAN)
    kim = _token(pages, "kim", team="daesan-eup")
    boss = _token(pages, "boss", role="supervisor")

    refused = await _api(pages, kim, f"/api/cases/{daesan}/merge", {"into": linked})
    assert refused.status_code == 403
    assert refused.json()["detail"]["code"] == "other_team"
    page = await (await pages.sign_in("kim")).post(
        f"/admin/cases/{daesan}/merge", {"reference": load(pages.engine, linked).reference}
    )
    assert "error=admin.error.merge_other_team" in page.headers["location"]
    assert load(pages.engine, daesan).duplicate_of is None
    confirm = await _api(pages, kim, f"/api/cases/{linked}/confirm-duplicate", {})
    assert confirm.status_code == 403  # nor vouch for a household it cannot see
    assert load(pages.engine, linked).duplicate_state == "suspected"

    merged = await _api(pages, boss, f"/api/cases/{daesan}/merge", {"into": linked})
    assert merged.status_code == 200, merged.text
    assert merged.json()["primary"]["id"] == haemi
    assert load(pages.engine, daesan).team == "haemi-myeon"  # the household's team
