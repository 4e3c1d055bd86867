"""Staff on a home visit read the queue and a case on a phone (390 px wide, Debian's chromium
driven by Playwright): no sideways scrolling, each case a card, references never split.

Screenshots go to artifacts/screenshots/; set SAGAK_SCREENSHOTS=docs/images to refresh the
README's phone screenshots.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from sqlmodel import Session, select

from bot.jobs import JobConfig, run_sla_sweep
from storage import staff as staff_repo
from storage.db import make_engine, session_scope
from storage.models import Case
from storage.types import utcnow
from tests.browser.kit import Server
from tests.storage.reports import load, report
from webhook.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("SAGAK_SCREENSHOTS", "artifacts/screenshots")
PHONE = {"width": 390, "height": 844}
PASSWORD = "correct horse battery"
TEAM = "daesan-eup"


def _seed(database_url: str) -> str:
    """A morning's queue: an overdue critical report nobody answered, one in progress, a
    long report without spaces and a long address; returns the overdue case's reference."""
    engine = make_engine(database_url)
    now = utcnow()
    overdue = report(
        engine,
        1,
        "할아버지가 쓰러지셨어요. 문을 두드려도 대답이 없어요",
        at=now - timedelta(hours=4),
    )
    answered = report(engine, 2, "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요", at=now)
    report(
        engine,
        3,
        "옆집할머니가일주일째안보이시고우편물이계속쌓여있어요전기도끊긴것같아서정말걱정됩니다",
        at=now - timedelta(hours=2),
        address="충청남도 서산시 대산읍 대산리 1234-56번지 행복빌라 나동 302호 (대산초등학교 뒤편)",
    )
    report(engine, 4, "혼자 사시는 할아버지가 요즘 통 안 보이세요", at=now - timedelta(hours=5))
    run_sla_sweep(engine, JobConfig(), now=now)
    with Session(engine) as session:
        for case in session.exec(select(Case)).all():
            case.team = TEAM
            if case.id == answered:
                case.status = "in_progress"
            session.add(case)
        session.commit()
    with session_scope(engine) as session:
        staff_repo.create_staff(session, username="kim", password=PASSWORD, role="admin", team=None)
    case = load(engine, overdue)
    assert case.due_at < now
    engine.dispose()
    return case.reference


@pytest.fixture
def server(database_url: str, tmp_path: Any) -> Iterator[tuple[Server, str]]:
    settings = Settings.load(env_file=None, database_url=database_url, data_dir=tmp_path)
    with Server(settings) as running:
        yield running, _seed(database_url)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="ko-KR", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def _page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _split_references(page: Page, selector: str) -> list[str]:
    """References drawn on more than one line (an inline box per line) or past the edge."""
    return list(
        page.evaluate(
            """([selector, edge]) => Array.from(document.querySelectorAll(selector))
                .filter((el) => el.getClientRects().length !== 1
                    || el.getBoundingClientRect().right > edge)
                .map((el) => el.textContent)""",
            [selector, PHONE["width"]],
        )
    )


def _outside(page: Page, selector: str) -> list[str]:
    """Visible elements that reach past the right edge of the screen."""
    return list(
        page.evaluate(
            """([selector, edge]) => Array.from(document.querySelectorAll(selector))
                .filter((el) => el.offsetParent !== null
                    && el.getBoundingClientRect().right > edge + 0.5)
                .map((el) => el.outerHTML.slice(0, 80))""",
            [selector, PHONE["width"]],
        )
    )


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_on_a_phone_the_queue_is_cards_and_the_case_page_fits(
    server: tuple[Server, str], phone: Page
) -> None:
    running, overdue = server
    problems: list[str] = []
    phone.on("console", lambda m: _note(problems, m))
    phone.on("pageerror", lambda error: problems.append(str(error)))

    phone.goto(f"{running.url}/admin/login")
    assert _page_width(phone) <= PHONE["width"]
    phone.get_by_label("아이디").fill("kim")
    phone.get_by_label("비밀번호").fill(PASSWORD)
    phone.get_by_role("button", name="로그인").click()
    expect(phone.locator("h1")).to_have_text("신고 목록")

    cards = phone.locator("#queue tbody tr")
    expect(cards).to_have_count(4)
    assert _page_width(phone) <= PHONE["width"]  # nothing to scroll sideways
    assert _split_references(phone, "#queue td.ref a, #critical-banner a") == []
    first = cards.first
    # The overdue critical case nobody answered is the first card, and says how late it is.
    expect(first.locator("td.ref")).to_have_text(overdue)
    expect(first.locator(".badge")).to_have_text("긴급")
    expect(first.locator("td.sla")).to_contain_text("지남")
    expect(first.locator("td.team")).to_contain_text(TEAM)
    expect(first.locator("td.state")).to_contain_text("신규")
    expect(phone.locator("#queue thead th").first).not_to_be_in_viewport()
    # A card, not a squeezed table row: the reference spans the card under priority and due.
    badge, ref = first.locator(".badge").bounding_box(), first.locator("td.ref").bounding_box()
    assert badge is not None and ref is not None and ref["y"] > badge["y"] + badge["height"] / 2
    assert _outside(phone, "main *") == []
    _shot(phone, "phone-queue")

    # The page redraws itself every few seconds (the first poll leaves after five, and
    # the server may be slow under a full CI run): the redrawn cards fit just the same.
    expect(phone.locator("#queue-updated")).not_to_be_empty(timeout=20_000)
    expect(phone.locator("#queue td.team").first).to_have_attribute("data-label", "팀")
    assert _page_width(phone) <= PHONE["width"]
    assert _split_references(phone, "#queue td.ref a") == []

    # A tap anywhere on the card opens the case.
    summary = first.locator("td.summary").bounding_box()
    assert summary is not None
    phone.touchscreen.tap(summary["x"] + summary["width"] / 2, summary["y"] + 4)
    expect(phone.locator("h1")).to_contain_text(overdue)
    assert _page_width(phone) <= PHONE["width"]
    assert _split_references(phone, "h1 .ref") == []
    assert _outside(phone, "main *") == []
    expect(phone.locator(".case-head")).to_contain_text("지남")
    _shot(phone, "phone-case")
    phone.locator("#actions").scroll_into_view_if_needed()
    _shot(phone, "phone-case-actions")

    phone.go_back()  # back to the queue, to the case with the long address
    phone.locator("#queue tbody tr", has_text="옆집할머니").locator("td.ref a").click()
    expect(phone.locator(".address")).to_be_visible()
    assert _page_width(phone) <= PHONE["width"]
    assert _outside(phone, "main *") == []

    # The other staff pages fit too; their wide tables scroll inside themselves.
    for path in ("stats", "volunteers", "partners", "templates", "audit", "staff"):
        phone.goto(f"{running.url}/admin/{path}")
        assert _page_width(phone) <= PHONE["width"], path
    assert problems == []


def _note(problems: list[str], message: ConsoleMessage) -> None:
    if message.type == "error":
        problems.append(f"{message.text} at {message.location.get('url')}")
