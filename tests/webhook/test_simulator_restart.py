"""The simulator after a restart, and with `sagak demo seed` reporters: named chats."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from storage.models import Case, Reporter
from tests.harness import bearer, start_sagak
from tests.staff_pages import start_pages
from tests.webhook.test_simulator_chat import (
    ACTION,
    add_person,
    bot_texts,
    chat_until,
    has_receipt,
    say,
    simulator_settings,
)
from webhook.simulator.demo import seed as demo


async def _people(sagak: Any) -> list[dict[str, Any]]:
    """The simulated people in the chat list (not the staff group)."""
    people = (await sagak.client.get("/simulator/people.json")).json()["people"]
    return [p for p in people if p["role"] != "group"]


async def test_a_restart_keeps_the_chats_and_a_later_reply_lands_in_the_named_one(
    database_url: str, tmp_path: Path
) -> None:
    settings = simulator_settings(database_url, tmp_path)
    async with start_sagak(settings) as sagak:
        mina = await add_person(sagak, "Mina", "en")
        await say(sagak, mina, text="My neighbour has not been seen for a week, mail piles up")
        await chat_until(sagak, mina, has_receipt)

    async with start_sagak(settings) as sagak:
        people = await _people(sagak)
        assert [(p["id"], p["name"], p["language"]) for p in people] == [(mina, "Mina", "en")]
        chat = (await sagak.client.get(f"/simulator/chats/{mina}.json")).json()
        said = [m["text"] for m in chat["messages"] if m["sender"] == "person"]
        assert said[0].startswith("My neighbour has not been seen") and has_receipt(chat)

        token = sagak.staff_token("kim", "staff")
        case = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"][0]
        reply = {"text": "We are on our way."}
        await sagak.client.post(f"/api/cases/{case['id']}/reply", json=reply, headers=bearer(token))
        await chat_until(
            sagak, mina, lambda c: any("We are on our way." in t for t in bot_texts(c))
        )
        people = await _people(sagak)
        assert [p["name"] for p in people] == ["Mina"]  # no nameless chat beside hers


async def test_a_reply_to_a_demo_reporter_opens_a_chat_named_by_its_case_in_its_language(
    database_url: str, tmp_path: Path
) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        demo.seed_week(session)
    with Session(engine) as session:
        case, language = session.exec(
            select(Case, Reporter.language)
            .join(Reporter, col(Reporter.id) == col(Case.reporter_id))
            .where(col(Reporter.language) == "zh", col(Case.status) != "closed")
        ).first()
    engine.dispose()
    async with start_sagak(simulator_settings(database_url, tmp_path)) as sagak:
        assert await _people(sagak) == []
        token = sagak.staff_token("kim", "supervisor")
        reply = {"text": "我们今天去看看。"}
        await sagak.client.post(f"/api/cases/{case.id}/reply", json=reply, headers=bearer(token))
        for _ in range(300):
            people = await _people(sagak)
            if people:
                break
            await asyncio.sleep(0.05)
        assert [(p["name"], p["language"]) for p in people] == [(case.reference, language)]


async def test_an_invite_made_in_the_staff_pages_says_how_to_use_it_in_the_simulator(
    database_url: str, tmp_path: Path
) -> None:
    async with start_pages(simulator_settings(database_url, tmp_path)) as pages:
        demo_admin = await pages.sign_in("demo", "demo password 123")
        made = await demo_admin.post("/admin/volunteers/invites", {"name": "박 통장"})
        page = (await demo_admin.get(made.headers["location"])).text
        hint = re.search(r'id="simulator-invite">([^<]*)<', page)
        assert hint is not None and "시뮬레이터에서는" in hint.group(1)
        command = re.search(r"/start \w+", hint.group(1))
        assert command is not None

        # Doing what it says makes the person that volunteer.
        client = pages.http()
        added = await client.post(
            "/simulator/people", json={"name": "Park", "language": "ko"}, headers=ACTION
        )
        person = added.json()["id"]
        said = {"text": command.group(0)}
        await client.post(f"/simulator/chats/{person}/messages", json=said, headers=ACTION)
        for _ in range(300):
            with Session(pages.engine) as session:
                reporter = session.exec(
                    select(Reporter).where(col(Reporter.chat_id) == person)
                ).first()
            if reporter is not None and reporter.role == "volunteer":
                break
            await asyncio.sleep(0.05)
        assert reporter is not None and reporter.role == "volunteer"
