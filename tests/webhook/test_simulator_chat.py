"""Simulator mode: the web chat plays residents through the same inbox and bot as Telegram."""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import select

from storage.db import session_scope
from storage.models import Attachment, Case
from tests.harness import Sagak, bearer, start_sagak
from tests.staff_pages import csrf_in, start_pages
from webhook.settings import SIMULATED_STAFF_CHAT_ID, Settings

REFERENCE = re.compile(r"SG-[2-9A-HJ-NP-Z]{6}")
ACTION = {"X-Sagak-Simulator": "1"}
DEMO_PASSWORD = "demo password 123"
STAFF_CHAT = "/admin/simulator/staff-chat.json"
# The smallest valid PNG: one transparent pixel.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def simulator_settings(database_url: str, tmp_path: Any, **extra: Any) -> Settings:
    return Settings.load(
        env_file=None,
        database_url=database_url,
        data_dir=tmp_path,
        simulator=True,
        demo_admin_password=DEMO_PASSWORD,
        **extra,
    )


@pytest.fixture
async def simulator(database_url: str, tmp_path: Any) -> AsyncIterator[Sagak]:
    async with start_sagak(simulator_settings(database_url, tmp_path)) as running:
        yield running


async def add_person(sagak: Sagak, name: str = "Mina", language: str = "ko", **extra: Any) -> int:
    response = await sagak.client.post(
        "/simulator/people", json={"name": name, "language": language, **extra}, headers=ACTION
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def say(sagak: Sagak, chat_id: int, **action: Any) -> None:
    response = await sagak.client.post(
        f"/simulator/chats/{chat_id}/messages", json=action, headers=ACTION
    )
    assert response.status_code == 202, response.text


async def chat_until(sagak: Sagak, chat_id: int, predicate: Any, timeout: float = 15) -> dict:
    """The chat as the web page polls it, once `predicate(chat)` holds."""
    chat: dict = {}
    for _ in range(int(timeout / 0.05)):
        chat = (await sagak.client.get(f"/simulator/chats/{chat_id}.json")).json()
        if predicate(chat):
            return chat
        await asyncio.sleep(0.05)
    raise AssertionError(f"chat never matched; it shows {chat.get('messages')}")


def bot_texts(chat: dict) -> list[str]:
    return [m["text"] for m in chat["messages"] if m["sender"] == "bot"]


def asks_where(chat: dict) -> bool:
    return any(key.get("request_location") for row in chat["keyboard"] or [] for key in row)


def has_receipt(chat: dict) -> bool:
    return any(REFERENCE.search(text) for text in bot_texts(chat))


async def test_a_resident_report_in_the_web_chat_gets_a_receipt_and_a_staff_reply(
    simulator: Sagak,
) -> None:
    person = await add_person(simulator, "Mina", "ko")
    await say(simulator, person, text="옆집 할머니가 일주일째 안 보이시고 우편물이 쌓여 있어요")
    chat = await chat_until(simulator, person, has_receipt)
    reference = next(m.group(0) for t in bot_texts(chat) if (m := REFERENCE.search(t)))
    assert chat["keyboard"], "the bot asks for the place with a reply keyboard"

    token = simulator.staff_token("kim", "staff")
    cases = (await simulator.client.get("/api/cases", headers=bearer(token))).json()["items"]
    case = next(item for item in cases if item["reference"] == reference)
    reply = await simulator.client.post(
        f"/api/cases/{case['id']}/reply",
        json={"text": "지금 확인하러 갑니다."},
        headers=bearer(token),
    )
    assert reply.status_code == 202
    await chat_until(simulator, person, lambda c: any("지금 확인하러" in t for t in bot_texts(c)))


async def test_the_location_button_shares_the_demo_place_on_the_case(simulator: Sagak) -> None:
    person = await add_person(simulator, "Tom", "en")
    await say(simulator, person, text="My neighbour's electricity was cut off last week")
    chat = await chat_until(simulator, person, has_receipt)
    danger = next(m for m in reversed(chat["messages"]) if m["buttons"])  # asked first
    no = danger["buttons"][0][1]["data"]
    await say(simulator, person, button=no, message_id=danger["message_id"])
    await chat_until(simulator, person, asks_where)
    await say(simulator, person, location={"latitude": 36.7848, "longitude": 126.4503})
    for _ in range(300):
        with session_scope(simulator.engine) as session:
            case = session.exec(select(Case)).one()
            if case.latitude is not None:
                break
        await asyncio.sleep(0.05)
    assert (case.latitude, case.longitude) == (36.7848, 126.4503)


async def test_pressing_an_inline_button_answers_like_telegram(simulator: Sagak) -> None:
    person = await add_person(simulator, "李", "zh")
    await say(simulator, person, text="邻居老人独居，好几天没出门了")
    await chat_until(simulator, person, has_receipt)
    await say(simulator, person, text="否")  # no life in danger now: where? comes next
    await chat_until(simulator, person, asks_where)
    await say(
        simulator, person, text=_skip_text(await _chat(simulator, person)), from_keyboard=True
    )
    chat = await chat_until(
        simulator, person, lambda c: sum(bool(m["buttons"]) for m in c["messages"]) > 1
    )
    asked = next(m for m in reversed(chat["messages"]) if m["buttons"])
    before = chat["revision"]
    await say(
        simulator, person, button=asked["buttons"][0][0]["data"], message_id=asked["message_id"]
    )
    after = await chat_until(simulator, person, lambda c: c["revision"] > before + 1)
    assert after["revision"] > before


async def _chat(sagak: Sagak, chat_id: int) -> dict:
    return (await sagak.client.get(f"/simulator/chats/{chat_id}.json")).json()


def _skip_text(chat: dict) -> str:
    keys = [key for row in chat["keyboard"] for key in row if not key.get("request_location")]
    return str(keys[-1]["text"])


async def test_a_photo_from_the_web_chat_lands_on_the_case_and_staff_can_open_it(
    database_url: str, tmp_path: Any
) -> None:
    async with start_pages(simulator_settings(database_url, tmp_path)) as pages:
        web = Sagak(client=pages.http(), engine=pages.engine)
        person = await add_person(web)
        await say(web, person, text="아이 혼자 밤늦게 밖에 있어요")
        await chat_until(web, person, has_receipt)
        response = await web.client.post(
            f"/simulator/chats/{person}/photos",
            files={"photo": ("door.png", PIXEL, "image/png")},
            data={"caption": "문 앞"},
            headers=ACTION,
        )
        assert response.status_code == 202, response.text
        attachment = await pages.wait_for_row(Attachment)
        assert attachment.kind == "photo"
        photo = await web.client.get(f"/simulator/photos/{attachment.telegram_file_id}")
        assert photo.content == PIXEL and photo.headers["content-type"] == "image/png"
        # The staff page fetches it through the Bot API (getFile, then the file), as from
        # Telegram; the demo admin signs in with the password from the environment.
        staff = await pages.sign_in("demo", "demo password 123")
        shown = await staff.get(f"/admin/cases/{attachment.case_id}/attachments/{attachment.id}")
        assert shown.status_code == 200 and shown.content == PIXEL


async def test_something_that_is_not_an_image_is_refused(simulator: Sagak) -> None:
    person = await add_person(simulator)
    response = await simulator.client.post(
        f"/simulator/chats/{person}/photos",
        files={"photo": ("x.png", b"<script>alert(1)</script>", "image/png")},
        headers=ACTION,
    )
    assert response.status_code == 400


async def test_a_volunteer_joins_with_an_invite_and_their_tips_are_field_reports(
    simulator: Sagak,
) -> None:
    volunteer = await add_person(simulator, "이장 박", "ko", role="volunteer")
    await chat_until(simulator, volunteer, lambda c: len(bot_texts(c)) >= 1)
    await say(simulator, volunteer, text="[현장] 3통 2반 독거 어르신 댁 전기가 끊겼습니다")
    await chat_until(simulator, volunteer, has_receipt)
    with session_scope(simulator.engine) as session:
        assert session.exec(select(Case)).one().source == "volunteer"


async def test_an_urgent_report_alerts_the_simulated_staff_group_seen_by_staff_only(
    simulator: Sagak,
) -> None:
    person = await add_person(simulator)
    await say(simulator, person, text="앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요")
    await chat_until(simulator, person, has_receipt)
    # Without a staff session the alerts are not shown, under either address.
    hidden = await simulator.client.get(f"/simulator/chats/{SIMULATED_STAFF_CHAT_ID}.json")
    assert hidden.status_code == 403 and not REFERENCE.search(hidden.text)
    assert (await simulator.client.get(STAFF_CHAT)).status_code == 401
    form = await simulator.client.get("/admin/login")
    signed_in = await simulator.client.post(
        "/admin/login",
        data={"username": "demo", "password": DEMO_PASSWORD, "csrf_token": csrf_in(form.text)},
    )
    assert signed_in.status_code == 303
    group: dict = {}
    for _ in range(300):
        group = (await simulator.client.get(STAFF_CHAT)).json()
        if any(REFERENCE.search(t) for t in bot_texts(group)):
            break
        await asyncio.sleep(0.05)
    assert group["role"] == "group" and any(REFERENCE.search(t) for t in bot_texts(group))


async def test_simulator_actions_need_the_simulator_header(simulator: Sagak) -> None:
    response = await simulator.client.post(
        "/simulator/people", json={"name": "x", "language": "ko"}
    )
    assert response.status_code == 403
