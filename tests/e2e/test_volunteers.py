"""Volunteers join by invite code; their reports are marked as volunteer tips."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import VolunteerInvite
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer
from tests.updates import Person


async def _invite(sagak: Sagak, token: str, name: str = "김이장") -> dict:
    response = await sagak.client.post(
        "/api/volunteers/invites", json={"name": name}, headers=bearer(token)
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_invite_link_makes_the_user_a_volunteer_whose_reports_are_tips(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    invite = await _invite(sagak, token)
    assert invite["link"] == f"https://t.me/{fake_telegram.bot_username}?start={invite['code']}"
    volunteer = Person(4001)
    await sagak.deliver(volunteer.text(f"/start {invite['code']}"))
    welcome = await fake_telegram.wait_for(chat_id=volunteer.id)
    assert "김이장" in welcome[0].params["text"]
    await sagak.deliver(volunteer.text("[현장] 3통 2반 어르신 댁 우편물이 일주일째 쌓여 있음"))
    await fake_telegram.wait_for(chat_id=volunteer.id, count=2)
    items = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
    assert [item["source"] for item in items] == ["volunteer"]


async def test_invites_need_a_staff_token(sagak: Sagak) -> None:
    response = await sagak.client.post("/api/volunteers/invites", json={"name": "x"})
    assert response.status_code == 401


async def test_an_invite_for_a_blank_name_is_refused_by_the_api_as_by_the_page(
    sagak: Sagak,
) -> None:
    token = sagak.staff_token()
    response = await sagak.client.post(
        "/api/volunteers/invites", json={"name": "   "}, headers=bearer(token)
    )
    assert response.status_code == 422
    with Session(sagak.engine) as session:
        assert session.exec(select(VolunteerInvite)).all() == []
