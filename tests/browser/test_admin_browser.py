"""A staff member's day in a real browser (Debian's chromium driven by Playwright).

sagak runs under uvicorn on 127.0.0.1 with its real lifespan; reports arrive through the
Telegram webhook and replies leave through the fake Bot API. Screenshots of the main pages
go to artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from sqlmodel import Session

from storage import staff as staff_repo
from storage.db import make_engine, session_scope
from storage.models import Case
from storage.types import utcnow
from tests.browser.kit import Server
from tests.fake_telegram import FakeTelegram
from tests.harness import WEBHOOK_SECRET
from tests.storage.reports import report
from tests.updates import Person
from webhook.settings import Settings

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
REFERENCE = re.compile(r"SG-[2-9A-HJ-NP-Z]{6}")
LATE = re.compile(r"^\d+시간( \d+분)? 지남$")  # an overdue clock, as the server words it
PASSWORD = "correct horse battery"


class WebhookServer(Server):
    """sagak with a (fake) Telegram behind it: residents write through the real webhook."""

    def report(self, fake: FakeTelegram, person: Person, text: str) -> str:
        """A resident writes to the bot; returns the reference from the receipt."""
        response = httpx.post(
            f"{self.url}/telegram/webhook",
            json=person.text(text),
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        )
        assert response.status_code == 200
        found = fake.wait_for_sync(
            lambda: any(REFERENCE.search(t or "") for t in fake.texts(person.id)), timeout=15
        )
        assert found
        match = next(REFERENCE.search(t) for t in fake.texts(person.id) if REFERENCE.search(t))
        assert match is not None
        return match.group(0)


@pytest.fixture
def server(settings: Settings) -> Iterator[WebhookServer]:
    with WebhookServer(settings) as running:
        engine = make_engine(settings.database.url)
        with session_scope(engine) as session:
            staff_repo.create_staff(
                session, username="kim", password=PASSWORD, role="admin", team=None
            )
        engine.dispose()
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# How many lines an element's text takes on screen (one rectangle per line box).
LINES_OF_TEXT = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size;
}"""


def test_a_staff_member_works_a_new_critical_report_from_queue_to_statistics(
    server: WebhookServer, fake_telegram: FakeTelegram, page: Page
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: _note(problems, m))
    page.on("pageerror", lambda error: problems.append(str(error)))
    server.report(fake_telegram, Person(9001), "동네 어르신이 혼자 사시는데 외로워 보여요")

    page.goto(f"{server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    shot(page, "01-login")
    page.get_by_label("아이디").fill("kim")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("h1")).to_have_text("신고 목록")
    expect(page.locator("#critical-banner")).to_be_hidden()

    # A life-at-risk report arrives while the queue is open: it appears without a reload.
    resident = Person(9002)
    reference = server.report(
        fake_telegram, resident, "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요"
    )
    row = page.locator("#queue tbody tr").first
    expect(row).to_contain_text(reference, timeout=20_000)
    # Column headers stay on one line on a laptop: "우선순위" is not broken into "우선순/위".
    page.set_viewport_size({"width": 800, "height": 720})
    for header in page.locator("#queue thead th").all():
        assert header.evaluate(LINES_OF_TEXT) == 1, header.inner_text()
    page.set_viewport_size({"width": 1280, "height": 720})
    expect(page.locator("#critical-banner")).to_be_visible()
    expect(page.locator("#critical-banner")).to_contain_text("새 긴급 신고")
    assert page.title().startswith("🚨")
    shot(page, "02-queue")

    page.locator("#queue").get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_contain_text(reference)
    shot(page, "03-case")

    page.locator("#reply-text").fill("알려 주셔서 고맙습니다. 지금 확인하러 갑니다.")
    page.get_by_role("button", name="보내기").click()
    expect(page.locator(".notice")).to_be_visible()
    fake_telegram.wait_for_sync(
        lambda: any("지금 확인하러 갑니다" in t for t in fake_telegram.texts(resident.id))
    )

    page.locator("#assignee").select_option("kim")
    page.get_by_role("button", name="지정").click()
    expect(page.locator(".case-head")).to_contain_text("kim")

    page.locator("#status").select_option("closed")
    page.locator("#outcome").select_option("visited")
    page.get_by_role("button", name="상태 저장").click()
    expect(page.locator(".case-head .status")).to_have_text("종결")
    expect(page.locator("#history")).to_contain_text("방문 확인")
    shot(page, "04-case-closed")

    page.get_by_role("link", name="통계").click()
    expect(page.locator("h1")).to_have_text("통계")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    # Axis labels are drawn at a readable size, not scaled down to a few pixels.
    axis = page.locator("figure.chart text.axis").first
    assert axis.evaluate("el => el.getBoundingClientRect().height") >= 12
    shot(page, "05-stats")

    page.get_by_role("link", name="접근 기록").click()
    expect(page.locator("table.audit")).to_contain_text("case_viewed")
    shot(page, "06-audit")
    page.get_by_role("link", name="직원 관리").click()
    shot(page, "07-staff")

    page.get_by_role("button", name="로그아웃").click()
    expect(page).to_have_url(re.compile(r"/admin/login$"))
    page.goto(f"{server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login"))
    assert problems == []  # no script errors, no Content-Security-Policy violations


# Each queue row as the browser holds it; a running clock's words change as a minute passes.
ROWS = """rows => rows.map(row => {
  const copy = row.cloneNode(true);
  copy.querySelectorAll("time[data-sla='running'], time[data-sla='overdue']")
    .forEach(clock => { clock.textContent = ""; });
  return copy.outerHTML;
})"""


def test_the_redrawn_queue_is_the_queue_first_drawn(
    server: WebhookServer, settings: Settings, page: Page
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: _note(problems, m))
    page.on("pageerror", lambda error: problems.append(str(error)))
    engine = make_engine(settings.database.url)
    now = utcnow()
    fallen = "할아버지가 쓰러지셨어요. 문을 두드려도 대답이 없어요"
    report(engine, 9101, fallen, at=now - timedelta(hours=3))
    worked = report(engine, 9102, "옆집 아이가 <b>밥을</b> 굶는 것 같아요", at=now)
    report(engine, 9103, "통장 확인: 독거 어르신 댁 보일러 고장", source="volunteer")
    with Session(engine) as session:
        case = session.get(Case, worked)
        assert case is not None
        case.status, case.team, case.reporter_unreachable = "in_progress", "haemi", True
        session.add(case)
        session.commit()
    engine.dispose()

    page.goto(f"{server.url}/admin/login")
    page.get_by_label("아이디").fill("kim")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    rows = page.locator("#queue tbody tr")
    expect(rows).to_have_count(3)
    first = rows.evaluate_all(ROWS)
    expect(page.locator("#queue-updated")).not_to_be_empty(timeout=20_000)  # a poll redrew
    assert rows.evaluate_all(ROWS) == first
    expect(page.locator("#queue td.summary b")).to_have_count(0)  # report text stays text

    # The case page's clock is worded by the server too, and asked for again as it runs.
    page.locator("#queue tbody tr").first.locator("td.ref a").click()
    clock = page.locator(".case-head time[data-sla='overdue']")
    expect(clock).to_have_text(LATE)
    with page.expect_response(lambda r: "/admin/sla.json?ids=" in r.url, timeout=20_000) as asked:
        pass
    assert asked.value.ok
    expect(clock).to_have_text(LATE)
    assert problems == []


def _note(problems: list[str], message: ConsoleMessage) -> None:
    if message.type == "error":
        problems.append(f"{message.text} at {message.location.get('url')}")
