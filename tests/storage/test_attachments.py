"""Files reporters send are kept when they are what they claim and small enough; a refused
one still leaves a row with the reason; files nobody refers to are swept."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage import attachments, cases
from storage.attachment_store import FileStore, file_store, new_key
from storage.attachments import Limits
from storage.models import Attachment, Message
from storage.types import utcnow
from tests.storage.reports import report

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
ONE_MB = Limits.of_mb(1)


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (b"\xff\xd8\xff\xe1", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"OggS\x00\x02", "audio/ogg"),
        (b"ID3\x04\x00", "audio/mpeg"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00", "video/mp4"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "audio/mp4"),
        (b"\x1a\x45\xdf\xa3\x9f", "video/webm"),
        (b"PK\x03\x04\x14\x00", None),  # zip, docx
        (b"<html><script>alert(1)</script>", None),
        (b"MZ\x90\x00", None),  # a Windows program
        (b"", None),
    ],
)
def test_the_type_comes_from_the_bytes(head: bytes, content_type: str | None) -> None:
    assert attachments.sniff(head + b"\x00" * 40) == content_type


def _message(engine: Engine) -> tuple[int, int]:
    case_id = report(engine, 8101, "현관 앞에 우편물이 쌓여 있어요")
    with Session(engine) as session:
        message = cases.add_message(
            session, case_id=case_id, direction="in", author="reporter", text="", kind="photo"
        )
        session.commit()
        assert message.id is not None
        return case_id, message.id


def _keep(engine: Engine, store: FileStore, content: bytes, kind: str = "photo") -> Attachment:
    case_id, message_id = _message(engine)
    with Session(engine, expire_on_commit=False) as session:
        row = attachments.keep(
            session,
            store,
            case_id=case_id,
            message_id=message_id,
            kind=kind,
            content=content,
            limits=ONE_MB,
            claimed_type="image/jpeg",
        )
        session.commit()
        return row


def test_a_photo_is_kept_in_the_store_with_its_checked_type(engine: Engine, tmp_path: Path) -> None:
    store = file_store(tmp_path)
    row = _keep(engine, store, JPEG)
    with Session(engine) as session:
        kept = session.get(Attachment, row.id)
        assert kept is not None
        assert (kept.status, kept.content_type, kept.size) == ("stored", "image/jpeg", len(JPEG))
        assert kept.storage_key is not None and store.get(kept.storage_key) == JPEG


def test_a_file_over_the_limit_is_refused_but_its_row_stays(engine: Engine, tmp_path: Path) -> None:
    store = file_store(tmp_path)
    row = _keep(engine, store, JPEG + b"\x00" * (1024 * 1024))
    with Session(engine) as session:
        kept = session.get(Attachment, row.id)
        assert kept is not None
        assert (kept.status, kept.refused_reason) == ("refused", "too_large")
        assert kept.storage_key is None
        assert session.exec(select(Message).where(col(Message.id) == kept.message_id)).one()
    assert list(store.iter_keys()) == []


def test_a_file_claiming_to_be_a_photo_but_not_one_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    store = file_store(tmp_path)
    row = _keep(engine, store, b"<svg onload=alert(1)></svg>")
    assert (row.status, row.refused_reason) == ("refused", "unknown_type")
    assert list(store.iter_keys()) == []


def test_two_fetches_of_one_file_keep_one_copy(engine: Engine, tmp_path: Path) -> None:
    store = file_store(tmp_path)
    case_id, message_id = _message(engine)
    with Session(engine) as session:
        row = cases.add_attachment(
            session, case_id=case_id, message_id=message_id, kind="photo", telegram_file_id="F1"
        )
        session.commit()
        row_id = row.id
    assert row_id is not None
    for _ in range(2):
        with Session(engine) as session:
            attachments.keep_bytes(
                session, store, attachment_id=row_id, content=JPEG, limits=ONE_MB
            )
            session.commit()
    assert len(list(store.iter_keys())) == 1


def test_the_sweep_deletes_old_files_no_row_refers_to(engine: Engine, tmp_path: Path) -> None:
    store = file_store(tmp_path)
    kept = _keep(engine, store, JPEG)
    stray, fresh = new_key(), new_key()
    store.put(stray, JPEG)
    store.put(fresh, JPEG)
    two_hours_ago = time.time() - 7200
    for key in (stray, kept.storage_key):
        assert key is not None
        os.utime(store._path(key), (two_hours_ago, two_hours_ago))
    with Session(engine) as session:
        assert attachments.sweep_orphans(session, store) == 1
    assert not store.exists(stray)
    assert kept.storage_key is not None and store.exists(kept.storage_key)
    assert store.exists(fresh)  # may belong to a row whose transaction is still open
    later = utcnow() + timedelta(hours=2)
    with Session(engine) as session:
        assert attachments.sweep_orphans(session, store, now=later) == 1
    assert not store.exists(fresh)
