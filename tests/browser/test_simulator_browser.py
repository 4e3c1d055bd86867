"""Trying sagak out in a real browser: a resident in the simulator, staff in the admin.

sagak runs under uvicorn on 127.0.0.1 in simulator mode (no token, no fake Telegram: the
simulator's own Bot API stand-in answers the bot). Debian's chromium, driven by Playwright.
Set SAGAK_SCREENSHOTS=docs/images to refresh the README's screenshots.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from storage.db import make_engine, session_scope
from tests.browser.kit import Server
from webhook.settings import Settings
from webhook.simulator.demo import seed as demo

REFERENCE = re.compile(r"SG-[2-9A-HJ-NP-Z]{6}")
DEMO_PASSWORD = "demo password 123"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("SAGAK_SCREENSHOTS", "artifacts/screenshots")


@pytest.fixture
def server(database_url: str, tmp_path: Any) -> Iterator[Server]:
    settings = Settings.load(
        env_file=None,
        database_url=database_url,
        data_dir=tmp_path,
        simulator=True,
        demo_admin_password=DEMO_PASSWORD,
    )
    with Server(settings) as running:
        yield running


def _watch(page: Page, problems: list[str]) -> None:
    def note(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"{message.text} at {message.location.get('url')}")

    page.on("console", note)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_default_timeout(20_000)


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_a_resident_reports_in_the_simulator_and_reads_the_staff_reply(
    server: Server, browser: Browser
) -> None:
    problems: list[str] = []
    context = browser.new_context(locale="en-US", viewport={"width": 1100, "height": 760})
    chat = context.new_page()
    _watch(chat, problems)
    chat.goto(f"{server.url}/simulator")
    expect(chat.locator(".simulator-banner")).to_contain_text("SIMULATOR")

    chat.get_by_label("Name").fill("Mina")
    chat.get_by_label("Language").select_option("ko")
    chat.get_by_role("button", name="Add", exact=True).click()
    expect(chat.locator("#chat-title")).to_contain_text("Mina")
    chat.get_by_placeholder("Message").fill(
        "옆집 할머니가 일주일째 안 보이시고 우편물이 쌓여 있어요. 전기도 끊긴 것 같아요"
    )
    chat.get_by_role("button", name="Send", exact=True).click()
    receipt = chat.locator("#messages .msg.bot").filter(has_text=REFERENCE).first
    expect(receipt).to_be_visible()
    found = REFERENCE.search(receipt.inner_text())
    assert found is not None
    reference = found.group(0)
    # The bot asks for the place with a 📍 button that shares a location, as on a phone.
    chat.locator("#keyboard button").first.click()
    expect(chat.locator("#messages .msg.person").last).to_contain_text("36.7848")
    expect(chat.locator("#messages .msg.bot").last).to_be_visible()

    staff = context.new_page()
    _watch(staff, problems)
    staff.goto(f"{server.url}/admin/login")
    staff.get_by_label("Username").fill("demo")
    staff.get_by_label("Password").fill(DEMO_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.locator("#queue").get_by_role("link", name=reference).click()
    expect(staff.locator("h1")).to_contain_text(reference)
    staff.locator("#reply-text").fill("Thank you for telling us. We will visit her today.")
    staff.get_by_role("button", name="Send", exact=True).click()
    expect(staff.locator(".notice")).to_be_visible()

    chat.bring_to_front()
    expect(
        chat.locator("#messages .msg.bot").filter(has_text="We will visit her today")
    ).to_be_visible()
    shot(chat, "simulator")
    context.close()
    assert problems == []  # no script errors, no Content-Security-Policy violations


def test_the_demo_week_fills_the_queue_in_the_staff_pages(
    server: Server, browser: Browser, database_url: str
) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        assert demo.seed_week(session) == len(demo.WEEK)
    engine.dispose()
    problems: list[str] = []
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 800})
    staff = context.new_page()
    _watch(staff, problems)
    staff.goto(f"{server.url}/admin/login")
    staff.get_by_label("아이디").fill("demo")
    staff.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    staff.get_by_role("button", name="로그인").click()
    expect(staff.locator("#queue tbody tr").nth(14)).to_be_visible()  # the open cases
    shot(staff, "queue")
    context.close()
    assert problems == []


def test_the_staff_group_shows_its_alerts_only_once_staff_sign_in(
    server: Server, browser: Browser
) -> None:
    problems: list[str] = []
    context = browser.new_context(locale="en-US", viewport={"width": 1100, "height": 760})
    chat = context.new_page()
    _watch(chat, problems)
    chat.goto(f"{server.url}/simulator")
    chat.get_by_label("Name").fill("Mina")
    chat.get_by_role("button", name="Add", exact=True).click()
    chat.get_by_placeholder("Message").fill("앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요")
    chat.get_by_role("button", name="Send", exact=True).click()
    receipt = chat.locator("#messages .msg.bot").filter(has_text=REFERENCE).first
    expect(receipt).to_be_visible()
    chat.locator("#people button").filter(has_text="Staff group").click()
    expect(chat.locator("#messages .notice")).to_contain_text("Sign in on the staff pages")
    expect(chat.locator("#messages .msg.bot")).to_have_count(0)

    staff = context.new_page()
    _watch(staff, problems)
    staff.goto(f"{server.url}/admin/login")
    staff.get_by_label("Username").fill("demo")
    staff.get_by_label("Password").fill(DEMO_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    chat.bring_to_front()
    alert = chat.locator("#messages .msg.bot").filter(has_text=REFERENCE).first
    expect(alert).to_be_visible()
    context.close()
    # The browser reports the one refused (401) poll of the staff group; nothing else.
    assert [p for p in problems if "401" not in p] == []


def test_a_long_chat_opens_at_its_newest_message_and_a_too_long_text_is_not_cut(
    server: Server, browser: Browser
) -> None:
    problems: list[str] = []
    context = browser.new_context(locale="en-US", viewport={"width": 1100, "height": 700})
    chat = context.new_page()
    _watch(chat, problems)
    chat.goto(f"{server.url}/simulator")
    headers = {"X-Sagak-Simulator": "1"}
    person = chat.request.post(
        f"{server.url}/simulator/people",
        data={"name": "Mina", "language": "en", "role": "resident"},
        headers=headers,
    ).json()
    for n in range(12):  # a long chat: far taller than the window
        chat.request.post(
            f"{server.url}/simulator/chats/{person['id']}/messages",
            data={"text": f"message {n}\n" + "more\n" * 6},
            headers=headers,
        )
    chat.reload()
    chat.get_by_role("button", name=re.compile("Mina")).click()
    expect(chat.locator("#messages .msg.person").filter(has_text="message 11")).to_be_in_viewport()
    composer = chat.get_by_placeholder("Message")
    expect(composer).to_be_in_viewport()

    long_text = "가" * 5000
    composer.fill(long_text)
    notice = chat.locator("#too-long")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("5000 characters")
    assert composer.input_value() == long_text  # nothing cut off
    sent = chat.locator("#messages .msg.person").count()
    chat.get_by_role("button", name="Send", exact=True).click()
    expect(notice).to_be_visible()
    assert composer.input_value() == long_text  # kept, not sent
    assert chat.locator("#messages .msg.person").count() == sent
    composer.fill("short now")
    expect(notice).to_be_hidden()
    context.close()
    assert problems == []
