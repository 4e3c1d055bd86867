"""Files residents send are kept by sagak: fetched from Telegram into the store, served to
staff who may see the case, refused with a reason (and the resident told), erased with it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from storage import cases, retention
from storage.attachment_store import file_store
from storage.models import Attachment, AuditEntry, Case
from storage.types import utcnow
from tests.fake_telegram import FakeTelegram
from tests.harness import bearer
from tests.staff_pages import Pages, start_pages
from tests.updates import Person
from webhook.settings import Settings

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"door" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 300


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings.replace(attachment_max_mb=1)) as running:
        yield running


async def _settled(pages: Pages, *, case_id: int, timeout: float = 20.0) -> list[Attachment]:
    """The case's attachments once none is waiting for its background fetch."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        with Session(pages.engine, expire_on_commit=False) as session:
            rows = cases.attachments(session, case_id=case_id)
        if rows and all(row.status != "pending" for row in rows):
            return rows
        assert asyncio.get_running_loop().time() < deadline, [r.status for r in rows]
        await asyncio.sleep(0.05)


def _told(fake: FakeTelegram, person: Person, words: str) -> list[str]:
    return [text for text in fake.texts(chat_id=person.id) if text and words in text]


def _viewed(pages: Pages) -> list[dict[str, Any]]:
    with Session(pages.engine) as session:
        entries = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == "attachment_viewed")
        ).all()
        return [dict(entry.detail or {}, staff_id=entry.staff_id) for entry in entries]


async def test_a_telegram_photo_is_kept_and_staff_get_it_even_after_telegram_forgets_it(
    pages: Pages, fake_telegram: FakeTelegram, settings: Settings
) -> None:
    resident = Person(9101)
    case = await pages.report(fake_telegram, resident, "옆집 할머니 현관에 우유가 쌓여 있어요")
    fake_telegram.add_file("KEEP-DOOR-1", JPEG, "photos/keep-door-1.jpg")
    await pages.deliver(resident.photo("KEEP-DOOR-1", caption="현관 사진"))
    assert case.id is not None
    [row] = await _settled(pages, case_id=case.id)
    assert (row.status, row.content_type) == ("stored", "image/jpeg")
    assert row.storage_key is not None
    assert file_store(settings.database.data_dir).get(row.storage_key) == JPEG
    # A new bot token, or Telegram's own clean-up: the file_id no longer works.
    fake_telegram.forget_file("KEEP-DOOR-1")

    pages.add_staff("kim")
    api = pages.http()
    token = bearer(pages.api_token("kim"))
    detail = (await api.get(f"/api/cases/{case.id}", headers=token)).json()
    [listed] = detail["attachments"]
    assert listed["status"] == "stored" and listed["content_type"] == "image/jpeg"
    photo = await api.get(listed["url"], headers=token)
    assert photo.status_code == 200 and photo.content == JPEG
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["x-content-type-options"] == "nosniff"
    assert photo.headers["content-disposition"] == f'inline; filename="sagak-{row.id}.jpg"'
    assert photo.headers["cache-control"] == "private, no-store"
    assert (await api.get(listed["url"])).status_code == 401
    assert [(entry["attachment_id"], entry["kind"]) for entry in _viewed(pages)] == [
        (row.id, "photo")
    ]

    kim = await pages.sign_in("kim")
    page = (await kim.get(f"/admin/cases/{case.id}")).text
    assert f'src="/admin/cases/{case.id}/attachments/{row.id}"' in page
    shown = await kim.get(f"/admin/cases/{case.id}/attachments/{row.id}")
    assert shown.status_code == 200 and shown.content == JPEG


async def test_staff_of_another_team_neither_get_the_file_nor_leave_a_trace(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(9111)
    case = await pages.report(fake_telegram, resident, "골목 끝 집에 며칠째 불이 꺼져 있어요")
    fake_telegram.add_file("KEEP-TEAM-1", PNG, "documents/keep-team-1.png")
    await pages.deliver(resident.document("KEEP-TEAM-1", file_name="a.png", mime_type="image/png"))
    assert case.id is not None
    [row] = await _settled(pages, case_id=case.id)
    with Session(pages.engine) as session:
        routed = session.get(Case, case.id)
        assert routed is not None
        routed.team = "eumam"
        session.add(routed)
        session.commit()
    pages.add_staff("park", team="daesan")
    pages.add_staff("choi", team="eumam")
    url = f"/api/cases/{case.id}/attachments/{row.id}"
    api = pages.http()
    refused = await api.get(url, headers=bearer(pages.api_token("park")))
    assert refused.status_code == 404 and refused.content != PNG
    assert _viewed(pages) == []
    # The attachment id under a case park may see is no way in either.
    own = await pages.report(fake_telegram, Person(9112), "경로당에 안 나오시는 할아버지", "daesan")
    other = await api.get(
        f"/api/cases/{own.id}/attachments/{row.id}", headers=bearer(pages.api_token("park"))
    )
    assert other.status_code == 404 and _viewed(pages) == []
    served = await api.get(url, headers=bearer(pages.api_token("choi")))
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"
    assert [entry["attachment_id"] for entry in _viewed(pages)] == [row.id]


async def test_a_file_over_the_limit_is_not_kept_and_the_resident_is_told_in_english(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(9121, language_code="en")
    case = await pages.report(fake_telegram, resident, "My neighbour has not been seen for days")
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    fake_telegram.add_file("KEEP-BIG-1", big, "documents/big.pdf")
    sent = len(fake_telegram.sent(chat_id=resident.id))
    await pages.deliver(resident.document("KEEP-BIG-1", file_size=len(big), file_name="scan.pdf"))
    assert case.id is not None
    [row] = await _settled(pages, case_id=case.id)
    assert (row.status, row.refused_reason, row.storage_key) == ("refused", "too_large", None)
    await fake_telegram.wait_for(lambda: len(_told(fake_telegram, resident, "too large")) == 1)
    assert "1 MB" in _told(fake_telegram, resident, "too large")[0]
    assert len(fake_telegram.sent(chat_id=resident.id)) > sent
    assert not any(
        c.method == "getFile" and c.params.get("file_id") == "KEEP-BIG-1"
        for c in fake_telegram.calls
    )
    pages.add_staff("kim")
    token = bearer(pages.api_token("kim"))
    api = pages.http()
    [listed] = (await api.get(f"/api/cases/{case.id}", headers=token)).json()["attachments"]
    assert (listed["status"], listed["refused_reason"]) == ("refused", "too_large")
    assert (await api.get(listed["url"], headers=token)).status_code == 404
    kim = await pages.sign_in("kim")
    assert "크기 제한(1MB) 초과" in (await kim.get(f"/admin/cases/{case.id}")).text


async def test_a_file_that_is_not_a_kept_type_is_refused_after_looking_at_its_bytes(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(9131, language_code="zh")
    case = await pages.report(fake_telegram, resident, "邻居老人好几天没出门了")
    fake_telegram.add_file("KEEP-ZIP-1", b"PK\x03\x04" + b"\x00" * 200, "documents/a.pdf")
    await pages.deliver(resident.document("KEEP-ZIP-1", file_name="a.pdf"))
    assert case.id is not None
    [row] = await _settled(pages, case_id=case.id)
    assert (row.status, row.refused_reason) == ("refused", "unknown_type")
    await fake_telegram.wait_for(lambda: bool(_told(fake_telegram, resident, "无法保存这种类型")))
    store = pages.fastapi.state.runtime.store
    assert list(store.iter_keys()) == []


async def test_a_fetch_that_fails_once_is_tried_again(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(9141)
    case = await pages.report(fake_telegram, resident, "아래층에서 며칠째 아기 울음소리가 나요")
    fake_telegram.add_file("KEEP-RETRY-1", JPEG, "photos/retry.jpg")
    fake_telegram.fail_next(500, method="getFile")
    await pages.deliver(resident.photo("KEEP-RETRY-1"))
    assert case.id is not None
    [row] = await _settled(pages, case_id=case.id)
    assert (row.status, row.fetch_attempts) == ("stored", 1)


async def test_an_older_attachment_is_fetched_into_the_store_on_first_view(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    resident = Person(9151)
    case = await pages.report(fake_telegram, resident, "반지하 창문이 깨진 채로 있어요")
    assert case.id is not None
    fake_telegram.add_file("KEEP-OLD-1", JPEG, "photos/old.jpg")
    # As the upgrade leaves a row from before sagak kept files: bytes only with Telegram.
    with Session(pages.engine, expire_on_commit=False) as session:
        message = cases.add_message(
            session, case_id=case.id, direction="in", author="reporter", text="", kind="photo"
        )
        assert message.id is not None
        old = cases.add_attachment(
            session,
            case_id=case.id,
            message_id=message.id,
            kind="photo",
            telegram_file_id="KEEP-OLD-1",
            telegram_file_unique_id="u-old",
            status="remote",
        )
        session.commit()
    await asyncio.sleep(0.5)  # the background fetcher leaves older rows alone
    with Session(pages.engine) as session:
        assert (current := session.get(Attachment, old.id)) and current.status == "remote"
    kim = await pages.login("kim")
    url = f"/admin/cases/{case.id}/attachments/{old.id}"
    first = await kim.get(url)
    assert first.status_code == 200 and first.content == JPEG
    with Session(pages.engine) as session:
        assert (current := session.get(Attachment, old.id)) and current.status == "stored"
    fake_telegram.forget_file("KEEP-OLD-1")
    again = await kim.get(url)
    assert again.status_code == 200 and again.content == JPEG
    fetched = [c for c in fake_telegram.calls if c.params.get("file_id") == "KEEP-OLD-1"]
    assert len(fetched) == 1


async def test_erasing_a_closed_case_deletes_its_files_and_staff_get_404(
    pages: Pages, fake_telegram: FakeTelegram, settings: Settings
) -> None:
    resident = Person(9161)
    case = await pages.report(fake_telegram, resident, "혼자 사시는 할아버지 댁 문이 열려 있어요")
    fake_telegram.add_file("KEEP-ERASE-1", JPEG, "photos/erase.jpg")
    await pages.deliver(resident.photo("KEEP-ERASE-1"))
    assert case.id is not None
    [row] = await _settled(pages, case_id=case.id)
    store = file_store(settings.database.data_dir)
    assert row.storage_key is not None and store.exists(row.storage_key)
    with Session(pages.engine) as session:
        closed = session.get(Case, case.id)
        assert closed is not None
        closed.status, closed.outcome = "closed", "visited"
        closed.closed_at = utcnow() - timedelta(days=2000)
        session.add(closed)
        session.commit()
    erased = await asyncio.to_thread(
        retention.run_daily, pages.engine, retention=timedelta(days=1826), store=store
    )
    assert erased == 1
    assert not store.exists(row.storage_key)
    pages.add_staff("kim", role="supervisor")
    token = bearer(pages.api_token("kim"))
    response = await pages.http().get(f"/api/cases/{case.id}/attachments/{row.id}", headers=token)
    assert response.status_code == 404
