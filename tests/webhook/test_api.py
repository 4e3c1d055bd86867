"""The staff API: tokens, queue, case changes and their history."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlmodel import Session

from storage.models import AuditEntry
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer
from tests.updates import Person


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer sgk_not-a-real-token"}, {"Authorization": "Basic a2ltOnB3"}],
)
async def test_api_without_a_valid_token_is_401(sagak: Sagak, headers: dict[str, str]) -> None:
    for method, path in (("GET", "/api/cases"), ("GET", "/api/cases/1"), ("PATCH", "/api/cases/1")):
        response = await sagak.client.request(method, path, headers=headers, json={})
        assert response.status_code == 401, (method, path)


async def test_healthz_says_ok(sagak: Sagak) -> None:
    response = await sagak.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_healthz_details_count_parked_updates(sagak: Sagak) -> None:
    from sqlmodel import Session

    from storage import inbox
    from storage.models import InboxUpdate

    # Parked as the worker leaves an update after its last failed attempt (stored in that
    # state at once: the running worker would otherwise take a pending row first).
    with Session(sagak.engine) as session:
        session.add(
            InboxUpdate(
                update_id=880001,
                payload="{}",
                status="failed",
                attempts=inbox.MAX_ATTEMPTS,
                last_error="boom",
            )
        )
        session.commit()
    details = (await sagak.client.get("/healthz/details")).json()
    assert details["status"] == "ok" and details["telegram"] is True
    assert details["inbox_failed"] == 1 and details["simulator"] is False
    assert details["kakao"] is False and details["event_api"] is False


async def _one_case(sagak: Sagak, fake: FakeTelegram, person: Person, text: str) -> int:
    await sagak.deliver(person.text(text))
    await fake.wait_for(chat_id=person.id)
    token = sagak.staff_token("reader", role="supervisor")
    items = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
    return int(items[0]["id"])


async def test_patch_changes_status_priority_and_assignee_with_history(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    case_id = await _one_case(sagak, fake_telegram, Person(3001), "혼자 사시는 할머니가 걱정돼요")
    token = sagak.staff_token("han")
    response = await sagak.client.patch(
        f"/api/cases/{case_id}",
        json={"status": "in_progress", "priority": "high", "assignee": "han", "reason": "겨울철"},
        headers=bearer(token),
    )
    assert response.status_code == 200, response.text
    case = response.json()
    assert (case["status"], case["priority"], case["assignee"]) == ("in_progress", "high", "han")
    kinds = [e["kind"] for e in case["events"]]
    assert {"assigned", "priority_changed", "status_changed"} <= set(kinds)
    closed = await sagak.client.patch(
        f"/api/cases/{case_id}",
        json={"status": "closed", "outcome": "visited"},
        headers=bearer(token),
    )
    assert closed.json()["outcome"] == "visited"


@pytest.mark.parametrize(
    "body",
    [{"status": "done"}, {"priority": "urgent"}, {"assignee": "nobody"}, {}, {"reporter": "x"}],
)
async def test_patch_with_bad_values_is_422_and_changes_nothing(
    sagak: Sagak, fake_telegram: FakeTelegram, body: dict[str, str]
) -> None:
    case_id = await _one_case(sagak, fake_telegram, Person(3002), "옆집 아이가 밥을 못 먹어요")
    token = sagak.staff_token("jung")
    response = await sagak.client.patch(f"/api/cases/{case_id}", json=body, headers=bearer(token))
    assert response.status_code == 422
    case = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).json()
    assert case["status"] == "new" and case["assignee"] is None


async def test_empty_reply_is_422_and_nothing_is_sent(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    resident = Person(3003)
    case_id = await _one_case(sagak, fake_telegram, resident, "할아버지 댁 수도가 끊겼어요")
    token = sagak.staff_token("yoon")
    response = await sagak.client.post(
        f"/api/cases/{case_id}/reply", json={"text": ""}, headers=bearer(token)
    )
    assert response.status_code == 422
    assert len(fake_telegram.sent(chat_id=resident.id)) == 1


async def test_a_first_api_reply_takes_a_new_case_into_work_as_the_case_page_does(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    from storage.models import Case

    resident = Person(3011)
    case_id = await _one_case(sagak, fake_telegram, resident, "윗집 할머니가 며칠째 안 보여요")
    with Session(sagak.engine) as session:
        before = session.get(Case, case_id)
        assert before is not None and before.status == "new"
    token = sagak.staff_token("moon")
    response = await sagak.client.post(
        f"/api/cases/{case_id}/reply",
        json={"text": "오늘 찾아가 보겠습니다"},
        headers=bearer(token),
    )
    assert response.status_code == 202, response.text
    with Session(sagak.engine) as session:
        after = session.get(Case, case_id)
        assert after is not None
        # The queue orders by and shows the last change: a reply is one, on either door.
        assert after.status == "in_progress" and after.updated_at > before.updated_at
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "reply_sent")).all()
    assert [(e.actor, e.case_id) for e in entries] == [("staff:moon", case_id)]
    await fake_telegram.wait_for(chat_id=resident.id, count=2)


async def test_unknown_case_is_404(sagak: Sagak) -> None:
    token = sagak.staff_token()
    assert (await sagak.client.get("/api/cases/999999", headers=bearer(token))).status_code == 404


async def test_staff_of_another_team_cannot_open_a_routed_case(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    from storage.models import Case

    case_id = await _one_case(
        sagak, fake_telegram, Person(3004), "이웃이 월세가 밀려 쫓겨날 것 같아요"
    )
    with Session(sagak.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.team = "haemi"
        session.add(case)
        session.commit()
    outsider = sagak.staff_token("outsider", team="eumam")
    insider = sagak.staff_token("insider", team="haemi")
    assert (
        await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(outsider))
    ).status_code == 404
    reply = await sagak.client.post(
        f"/api/cases/{case_id}/reply", json={"text": "hi"}, headers=bearer(outsider)
    )
    assert reply.status_code == 404
    listed = (await sagak.client.get("/api/cases", headers=bearer(outsider))).json()["items"]
    assert listed == []
    assert (
        await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(insider))
    ).status_code == 200


async def test_viewing_a_case_is_audited(sagak: Sagak, fake_telegram: FakeTelegram) -> None:
    case_id = await _one_case(
        sagak, fake_telegram, Person(3005), "노인 한 분이 폐지를 주우며 굶으세요"
    )
    token = sagak.staff_token("seo")
    await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))
    with Session(sagak.engine) as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "case_viewed")
        ).all()
    assert [(e.actor, e.case_id) for e in entries] == [("staff:seo", case_id)]


async def test_case_detail_never_shows_the_reporters_telegram_identity(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    resident = Person(987654321, first_name="Minji")
    case_id = await _one_case(sagak, fake_telegram, resident, "아랫집 할머니가 아프신 것 같아요")
    token = sagak.staff_token("oh")
    body = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).text
    assert "987654321" not in body and "Minji" not in body


async def test_patch_follows_the_case_page_rules(sagak: Sagak, fake_telegram: FakeTelegram) -> None:
    """PATCH and the case page share storage.case_actions: the same refusals, and the case
    is left as it was."""
    case_id = await _one_case(sagak, fake_telegram, Person(3006), "옆집 어르신이 쓰러지셨어요")
    han, kim = sagak.staff_token("han"), sagak.staff_token("kim")
    boss = sagak.staff_token("boss", role="supervisor")
    url = f"/api/cases/{case_id}"
    taken = await sagak.client.patch(url, json={"assignee": "han"}, headers=bearer(han))
    assert taken.status_code == 200 and taken.json()["assignee"] == "han"
    # A colleague cannot take han's case, nor drop it back in the queue: a supervisor's call.
    for body in ({"assignee": "kim"}, {"assignee": None}):
        refused = await sagak.client.patch(url, json=body, headers=bearer(kim))
        assert refused.status_code == 403, body
        assert refused.json()["detail"]["code"] == "forbidden"
    moved = await sagak.client.patch(url, json={"assignee": "kim"}, headers=bearer(boss))
    assert moved.status_code == 200 and moved.json()["assignee"] == "kim"
    # A closed case has an outcome: closing without one is refused, and nothing changes.
    bare = await sagak.client.patch(url, json={"status": "closed"}, headers=bearer(kim))
    assert bare.status_code == 422 and bare.json()["detail"]["code"] == "outcome_required"
    case = (await sagak.client.get(url, headers=bearer(kim))).json()
    assert case["status"] != "closed" and case["outcome"] is None
    closed = await sagak.client.patch(
        url, json={"status": "closed", "outcome": "no_need"}, headers=bearer(kim)
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    cleared = await sagak.client.patch(url, json={"outcome": None}, headers=bearer(kim))
    assert cleared.status_code == 422
    assert (await sagak.client.get(url, headers=bearer(kim))).json()["outcome"] == "no_need"


async def test_priority_without_a_reason_still_works_through_the_api(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    """README: `reason` is optional in PATCH; existing clients send priority alone."""
    case_id = await _one_case(sagak, fake_telegram, Person(3007), "아이가 혼자 집에 있어요")
    token = sagak.staff_token("ryu")
    url = f"/api/cases/{case_id}"
    response = await sagak.client.patch(url, json={"priority": "low"}, headers=bearer(token))
    assert response.status_code == 200 and response.json()["priority"] == "low"
    [event] = [e for e in response.json()["events"] if e["kind"] == "priority_changed"]
    assert event["data"]["reason"] is None and event["staff"] == "ryu"
    with_reason = await sagak.client.patch(
        url, json={"priority": "high", "reason": "  다시 전화함 "}, headers=bearer(token)
    )
    events = [e for e in with_reason.json()["events"] if e["kind"] == "priority_changed"]
    assert events[-1]["data"]["reason"] == "다시 전화함"
    with Session(sagak.engine) as session:
        updates = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "case_updated")
        ).all()
    assert [e.detail for e in updates] == [
        {"priority": "low"},
        {"priority": "high", "reason": "다시 전화함"},
    ]


async def test_api_docs_work_offline_under_the_strict_csp(sagak: Sagak) -> None:
    docs = await sagak.client.get("/api/docs", headers={"Accept-Language": "en"})
    assert docs.status_code == 200
    csp = docs.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    html = docs.text
    # Nothing from another origin (the old Swagger UI came from cdn.jsdelivr.net), no script.
    assert "<script" not in html and "cdn." not in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "Staff API documentation" in html and "PATCH /api/cases/{case_id}" in html
    assert 'id="type-CasePatch"' in html and "outcome_required" not in html
    assert "직원 API 문서" in (await sagak.client.get("/api/docs")).text
    assert (await sagak.client.get("/openapi.json")).status_code == 200
    for gone in ("/redoc", "/api/redoc", "/docs"):
        assert (await sagak.client.get(gone)).status_code == 404, gone
