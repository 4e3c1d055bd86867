"""The queue and case pages: what staff see, what they do, and that report text stays text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html.parser import HTMLParser

import pytest
from sqlmodel import Session, col, select

from storage.models import AuditEntry, Case, CaseNote, Reporter
from tests.fake_telegram import FakeTelegram
from tests.staff_pages import Pages, start_pages
from tests.updates import Person
from webhook.settings import Settings


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


class _Tags(HTMLParser):
    """What a browser would treat as code in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str | None] = []
        self.handlers: list[str] = []
        self.script_links: list[str] = []
        self.inline_styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values.get("src"))
        self.handlers += [name for name in values if name.startswith("on")]
        self.inline_styles += tag == "style" or "style" in values
        for name in ("href", "src", "action"):
            if (values.get(name) or "").strip().lower().startswith("javascript:"):
                self.script_links.append(values[name] or "")


def _actions(pages: Pages, action: str) -> list[AuditEntry]:
    with Session(pages.engine) as session:
        return list(session.exec(select(AuditEntry).where(col(AuditEntry.action) == action)).all())


async def test_queue_lists_the_most_urgent_first_with_sla_and_source(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    calm = await pages.report(fake_telegram, Person(7001), "동네 어르신이 외로워 보이세요")
    urgent = await pages.report(
        fake_telegram, Person(7002), "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요"
    )
    kim = await pages.login("kim")
    html = (await kim.get("/admin/")).text
    assert html.index(urgent.reference) < html.index(calm.reference)
    assert "첫 응대를 기다리는 긴급 신고 1건" in html  # the critical banner
    assert "남음" in html and "주민" in html  # SLA countdown and source
    data = (await kim.get("/admin/queue.json")).json()
    assert [item["reference"] for item in data["items"]] == [urgent.reference, calm.reference]
    assert data["items"][0]["priority"] == "critical" and data["items"][0]["sla"] == "running"
    assert data["alerts"][0]["reference"] == urgent.reference
    assert len(_actions(pages, "queue_viewed")) == 1  # the page view, not the polls


async def test_queue_filters_and_search(pages: Pages, fake_telegram: FakeTelegram) -> None:
    water = await pages.report(fake_telegram, Person(7011), "할아버지 댁 수도가 끊겼어요", "haemi")
    food = await pages.report(fake_telegram, Person(7012), "옆집 아이가 밥을 굶는 것 같아요")
    kim = await pages.login("kim", "supervisor")

    async def refs(query: str) -> list[str]:
        items = (await kim.get(f"/admin/queue.json?{query}")).json()["items"]
        return [item["reference"] for item in items]

    assert await refs("q=수도") == [water.reference]
    assert await refs(f"q={food.reference}") == [food.reference]
    assert await refs("team=haemi") == [water.reference]
    assert await refs("mine=1") == []
    await kim.post(f"/admin/cases/{food.id}/assign", {"assignee": "kim"})
    assert await refs("mine=1") == [food.reference]
    assert await refs("unassigned=1") == [water.reference]
    assert set(await refs("status=open")) == {water.reference, food.reference}
    assert await refs("status=closed") == []
    assert await refs("q=%25") == []  # LIKE wildcards are matched literally


async def test_case_page_shows_timeline_location_reasons_and_is_audited(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(7021)
    case = await pages.report(
        fake_telegram, resident, "혼자 사는 할머니 집 전기가 끊기고 우편물이 쌓였어요"
    )
    await pages.deliver(resident.location(36.7845, 126.4503))
    await fake_telegram.wait_for(chat_id=resident.id, count=2)
    kim = await pages.login("kim")
    html = (await kim.get(f"/admin/cases/{case.id}")).text
    assert "혼자 사는 할머니 집 전기가 끊기고" in html
    assert "36.784500, 126.450300" in html
    assert "<code>" in html  # triage reasons
    assert "익명" in html  # no consent: no identity
    entries = _actions(pages, "case_viewed")
    assert [(e.actor, e.case_id, e.ip) for e in entries] == [("staff:kim", case.id, "203.0.113.7")]


async def test_reply_from_the_page_reaches_the_reporter(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(7031)
    case = await pages.report(fake_telegram, resident, "아랫집 할아버지가 며칠째 안 보이세요")
    kim = await pages.login("kim")
    response = await kim.post(f"/admin/cases/{case.id}/reply", {"text": "오늘 방문하겠습니다"})
    assert response.status_code == 303
    assert response.headers["location"].endswith("?notice=admin.notice.reply_sent#reply")
    await fake_telegram.wait_for(
        lambda: any("오늘 방문하겠습니다" in t for t in fake_telegram.texts(resident.id))
    )
    assert pages.case(case.id).status == "in_progress"
    assert len(_actions(pages, "reply_sent")) == 1


async def test_assign_reprioritise_and_close_with_an_outcome(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(7041), "이웃이 월세가 밀려 쫓겨날 것 같아요")
    kim = await pages.login("kim")
    await kim.post(f"/admin/cases/{case.id}/assign", {"assignee": "kim"})
    no_reason = await kim.post(f"/admin/cases/{case.id}/priority", {"priority": "high"})
    assert "error=admin.error.reason_required" in no_reason.headers["location"]
    await kim.post(f"/admin/cases/{case.id}/priority", {"priority": "high", "reason": "겨울철"})
    no_outcome = await kim.post(f"/admin/cases/{case.id}/status", {"status": "closed"})
    assert "error=admin.error.outcome_required" in no_outcome.headers["location"]
    await kim.post(f"/admin/cases/{case.id}/status", {"status": "closed", "outcome": "visited"})
    after = pages.case(case.id)
    assert (after.priority, after.status, after.outcome) == ("high", "closed", "visited")
    html = (await kim.get(f"/admin/cases/{case.id}")).text
    assert "겨울철" in html and "방문 확인" in html  # history with the reason, the outcome
    assert len(_actions(pages, "case_updated")) == 3


async def test_staff_cannot_move_a_case_to_another_team_but_a_supervisor_can(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    case = await pages.report(fake_telegram, Person(7051), "독거노인 댁에 난방이 안 돼요", "haemi")
    kim = await pages.login("kim", "staff", "haemi")
    assert (await kim.post(f"/admin/cases/{case.id}/team", {"team": "eumam"})).status_code == 403
    boss = await pages.login("boss", "supervisor")
    await boss.post(f"/admin/cases/{case.id}/team", {"team": "eumam"})
    assert pages.case(case.id).team == "eumam"
    assert (await kim.get(f"/admin/cases/{case.id}")).status_code == 404


async def test_internal_notes_stay_with_staff(pages: Pages, fake_telegram: FakeTelegram) -> None:
    resident = Person(7061)
    case = await pages.report(fake_telegram, resident, "반지하 가족이 침수 피해를 입었어요")
    sent_before = len(fake_telegram.sent(chat_id=resident.id))
    kim = await pages.login("kim")
    await kim.post(f"/admin/cases/{case.id}/notes", {"text": "주민센터 통해 재확인 예정"})
    assert "주민센터 통해 재확인 예정" in (await kim.get(f"/admin/cases/{case.id}")).text
    with Session(pages.engine) as session:
        assert len(session.exec(select(CaseNote)).all()) == 1
    assert len(fake_telegram.sent(chat_id=resident.id)) == sent_before


async def test_photo_is_shown_to_staff_only_and_never_cached_by_the_browser(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(7071)
    case = await pages.report(fake_telegram, resident, "문 앞에 우유가 계속 쌓여 있어요")
    fake_telegram.add_file("DOOR-PHOTO", b"\xff\xd8\xffJPEG-DOOR", "photos/door.jpg")
    await pages.deliver(resident.photo("DOOR-PHOTO", caption="현관 사진"))
    from storage.models import Attachment

    attachment = await pages.wait_for_row(Attachment)
    kim = await pages.login("kim")
    html = (await kim.get(f"/admin/cases/{case.id}")).text
    url = f"/admin/cases/{case.id}/attachments/{attachment.id}"
    assert f'src="{url}"' in html
    photo = await kim.get(url)
    assert photo.status_code == 200 and photo.content == b"\xff\xd8\xffJPEG-DOOR"
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["cache-control"] == "private, no-store"
    assert len(_actions(pages, "attachment_viewed")) == 1
    # Someone else's case number with this attachment id is not a way in.
    other = await pages.report(fake_telegram, Person(7072), "경로당에 안 나오시는 할머니")
    assert (
        await kim.get(f"/admin/cases/{other.id}/attachments/{attachment.id}")
    ).status_code == 404


async def test_report_text_with_markup_renders_inert(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    hostile = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> "
        '<a href="javascript:alert(3)">click</a> 할머니가 아프세요'
    )
    case = await pages.report(fake_telegram, Person(7081), hostile)
    kim = await pages.login("kim")
    for path in ("/admin/", f"/admin/cases/{case.id}"):
        response = await kim.get(path)
        html = response.text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        # The only script is our own file; no inline code, no event-handler attributes.
        tags = _Tags()
        tags.feed(html)
        assert tags.scripts == ["/admin/static/admin.js"]
        assert tags.handlers == [] and tags.script_links == [] and tags.inline_styles == 0
    # The JSON the queue script reads carries the text as data, which it sets as textContent.
    item = (await kim.get("/admin/queue.json")).json()["items"][0]
    assert item["summary"].startswith("<script>")


async def test_reporter_phone_is_shown_only_with_consent(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(7091, first_name="Minji")
    case = await pages.report(fake_telegram, resident, "옆 동 할머니가 쓰러지셨던 것 같아요")
    with Session(pages.engine) as session:
        reporter = session.exec(select(Reporter)).one()
        reporter.phone = "010-1234-5678"
        session.add(reporter)
        session.commit()
    kim = await pages.login("kim")
    html = (await kim.get(f"/admin/cases/{case.id}")).text
    assert "010-1234-5678" not in html and "Minji" not in html and "7091" not in html
    with Session(pages.engine) as session:
        reporter = session.exec(select(Reporter)).one()
        reporter.contact_consent = True
        session.add(reporter)
        session.commit()
    assert "010-1234-5678" in (await kim.get(f"/admin/cases/{case.id}")).text


async def test_merge_and_split_reports_about_one_household(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    first = await pages.report(fake_telegram, Person(7101), "파란 대문 집 할머니가 안 보여요")
    second = await pages.report(fake_telegram, Person(7102), "시장 앞 2층에 아이 혼자 있어요")
    kim = await pages.login("kim")
    await kim.post(f"/admin/cases/{second.id}/merge", {"reference": first.reference})
    merged = pages.case(second.id)
    assert merged.duplicate_of == first.id and merged.duplicate_state == "confirmed"
    assert pages.case(first.id).reporters_count == 2
    queue = [i["reference"] for i in (await kim.get("/admin/queue.json")).json()["items"]]
    assert queue == [first.reference]  # the report is folded into its household's case
    assert second.reference in (await kim.get(f"/admin/cases/{first.id}")).text
    unknown = await kim.post(f"/admin/cases/{second.id}/merge", {"reference": "SG-NONE22"})
    assert "error=admin.error.merge_unknown" in unknown.headers["location"]
    await kim.post(f"/admin/cases/{second.id}/split", {"back_to": str(first.id)})
    assert pages.case(second.id).duplicate_of is None
    assert pages.case(first.id).reporters_count == 1
    assert {e.action for e in _actions(pages, "case_merged") + _actions(pages, "case_split")} == {
        "case_merged",
        "case_split",
    }


async def test_case_of_another_team_is_not_found(pages: Pages, fake_telegram: FakeTelegram) -> None:
    case = await pages.report(fake_telegram, Person(7111), "옥탑방 청년이 굶고 있어요", "haemi")
    outsider = await pages.login("outsider", "staff", "eumam")
    response = await outsider.get(f"/admin/cases/{case.id}")
    assert response.status_code == 404 and case.reference not in response.text
    listed = (await outsider.get("/admin/queue.json")).json()["items"]
    assert listed == []
    with Session(pages.engine) as session:
        assert session.get(Case, case.id) is not None
