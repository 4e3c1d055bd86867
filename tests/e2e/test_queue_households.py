"""Neighbours reporting one household through the bot: one case in the queue, routed to
the district's team, which staff can confirm, merge and split."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from storage.models import AuditEntry, Case, Reporter
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer, start_sagak
from tests.updates import Person
from webhook.settings import Settings


async def _until(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    for _ in range(int(timeout / 0.05)):
        value = check()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


def _case_of(sagak: Sagak, person: Person) -> Case | None:
    with Session(sagak.engine) as session:
        return session.exec(
            select(Case)
            .join(Reporter, col(Reporter.id) == col(Case.reporter_id))
            .where(col(Reporter.telegram_user_id) == person.id)
        ).first()


async def _report_at(sagak: Sagak, person: Person, text: str, address: str) -> Case:
    """The resident reports, answers "no" to whether a life is in danger now, and the
    bot's "where?" with a typed address."""
    await sagak.deliver(person.text(text))
    await _until(lambda: _case_of(sagak, person))
    await sagak.deliver(person.text("no"))
    await sagak.deliver(person.text(address))
    return await _until(
        lambda: (case := _case_of(sagak, person)) is not None and case.address and case
    )


async def _items(sagak: Sagak, token: str) -> dict[int, dict[str, Any]]:
    response = await sagak.client.get("/api/cases", headers=bearer(token))
    assert response.status_code == 200, response.text
    return {item["id"]: item for item in response.json()["items"]}


async def test_two_neighbours_become_one_household_staff_confirm_and_split(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    first = await _report_at(
        sagak, Person(7001), "혼자 사시는 할아버지가 걱정돼요", "충남 서산시 읍내동 123-4"
    )
    second = await _report_at(
        sagak, Person(7002), "할아버지 댁 불이 며칠째 꺼져 있어요", "읍내동 123-4번지"
    )
    token = sagak.staff_token("lee", role="supervisor")
    items = await _items(sagak, token)
    assert items[first.id]["reporters_count"] == 2
    assert items[second.id]["duplicate_of"] == first.id
    assert items[second.id]["duplicate_state"] == "suspected"

    confirmed = await sagak.client.post(
        f"/api/cases/{second.id}/confirm-duplicate", headers=bearer(token)
    )
    assert confirmed.status_code == 200, confirmed.text
    assert [c["id"] for c in confirmed.json()["linked"]] == [second.id]
    assert second.id not in await _items(sagak, token)

    split = await sagak.client.post(f"/api/cases/{second.id}/split", headers=bearer(token))
    assert split.status_code == 200, split.text
    items = await _items(sagak, token)
    assert items[second.id]["duplicate_of"] is None
    assert items[first.id]["reporters_count"] == 1
    with Session(sagak.engine) as session:
        actions = set(session.exec(select(AuditEntry.action)).all())
    assert {"duplicate_confirmed", "case_split"} <= actions


async def test_staff_merge_two_reports_by_hand(sagak: Sagak, fake_telegram: FakeTelegram) -> None:
    first = await _report_at(sagak, Person(7101), "할머니가 밥을 못 드세요", "시장 옆 골목")
    second = await _report_at(sagak, Person(7102), "그 할머니가 농약을 사두셨대요", "시장 근처")
    token = sagak.staff_token("park", role="supervisor")
    merged = await sagak.client.post(
        f"/api/cases/{second.id}/merge", json={"into": first.id}, headers=bearer(token)
    )
    assert merged.status_code == 200, merged.text
    household = merged.json()
    assert household["primary"]["id"] == first.id
    assert household["reporters_count"] == 2
    assert household["primary"]["priority"] == "critical"
    itself = await sagak.client.post(
        f"/api/cases/{first.id}/merge", json={"into": first.id}, headers=bearer(token)
    )
    assert itself.status_code == 422
    missing = await sagak.client.post(
        f"/api/cases/{first.id}/merge", json={"into": 999999}, headers=bearer(token)
    )
    assert missing.status_code == 404
    view = await sagak.client.get(f"/api/cases/{second.id}/household", headers=bearer(token))
    assert view.json()["primary"]["id"] == first.id


async def test_a_typed_address_routes_the_case_to_its_districts_team(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    routed = settings.replace(districts_file="builtin:seosan", default_team="seosan-hq")
    async with start_sagak(routed) as sagak:
        case = await _report_at(
            sagak, Person(7201), "독거 어르신 댁 보일러가 고장났어요", "서산시 대산읍 대산리 12"
        )
        assert case.team == "daesan-eup"
        elsewhere = sagak.staff_token("haemi", role="staff", team="haemi-myeon")
        local = sagak.staff_token("daesan", role="staff", team="daesan-eup")
        hidden = await sagak.client.get(f"/api/cases/{case.id}", headers=bearer(elsewhere))
        assert hidden.status_code == 404
        merge = await sagak.client.post(f"/api/cases/{case.id}/split", headers=bearer(elsewhere))
        assert merge.status_code == 404
        seen = await sagak.client.get(f"/api/cases/{case.id}", headers=bearer(local))
        assert seen.status_code == 200 and seen.json()["team"] == "daesan-eup"
        assert case.id in await _items(sagak, local)
