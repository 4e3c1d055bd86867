"""Keeping what reporters send: bytes into the attachment store, a row saying what they are.

A file is checked before it is kept: its size against the limit (SAGAK_ATTACHMENT_MAX_MB)
and its type from its first bytes, never from what the sender claims. A file that fails
either check is not kept, but its row stays, ``refused`` with the reason, so staff see that
something was sent and the reporter can be told. Rows move through:

    pending  -> stored | refused | failed   (fetched from the channel in the background)
    remote   -> stored | refused | failed   (rows from before sagak kept files: on first view)
    any      -> erased                       (retention; the file is deleted)

Functions here never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from storage.attachment_store import AttachmentStore, FileStore, new_key
from storage.models import Attachment
from storage.types import utcnow

DEFAULT_MAX_MB = 20
TOO_LARGE = "too_large"
UNKNOWN_TYPE = "unknown_type"
# Statuses whose bytes may still be fetched from the channel.
FETCHABLE = ("pending", "remote", "failed")
# A file written moments ago may belong to a row not yet committed; the sweep spares it.
ORPHAN_GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024

    @classmethod
    def of_mb(cls, megabytes: int) -> Limits:
        return cls(max_bytes=megabytes * 1024 * 1024)

    @property
    def max_mb(self) -> int:
        return self.max_bytes // (1024 * 1024)


def sniff(content: bytes) -> str | None:
    """The content type the bytes themselves show, or None for anything we do not keep."""
    head = content[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1"):
            return "image/heic"
        if brand.startswith(b"M4A"):
            return "audio/mp4"
        if brand == b"qt  ":
            return "video/quicktime"
        return "video/mp4"
    return None


def _decide(content: bytes, limits: Limits) -> tuple[str | None, str | None]:
    """(content type, None) for a file to keep, (None, reason) for one to refuse."""
    if len(content) > limits.max_bytes:
        return None, TOO_LARGE
    found = sniff(content)
    if found is None:
        return None, UNKNOWN_TYPE
    return found, None


def keep(
    session: Session,
    store: AttachmentStore,
    *,
    case_id: int,
    message_id: int,
    kind: str,
    content: bytes,
    limits: Limits,
    claimed_type: str | None = None,
    **fields: Any,
) -> Attachment:
    """Keep bytes a channel downloaded itself (e.g. a KakaoTalk photo) as a new attachment
    of the message; returns the row, ``stored`` or ``refused`` with ``refused_reason``.
    ``fields`` are further columns of the row (e.g. the channel's own handle on the file)."""
    attachment = Attachment(
        case_id=case_id,
        message_id=message_id,
        kind=kind,
        mime_type=claimed_type,
        size=len(content),
        **fields,
    )
    content_type, reason = _decide(content, limits)
    if reason is not None:
        attachment.status, attachment.refused_reason = "refused", reason
    else:
        key = new_key()
        store.put(key, content)  # before the row: a crash leaves an orphan, never a dangling row
        attachment.status, attachment.storage_key = "stored", key
        attachment.content_type = content_type
    session.add(attachment)
    session.flush()
    return attachment


def keep_bytes(
    session: Session,
    store: AttachmentStore,
    *,
    attachment_id: int,
    content: bytes,
    limits: Limits,
) -> Attachment | None:
    """Keep the bytes fetched for an existing row (Telegram files); returns the row, or None
    when it is gone. If another fetch kept the file first, this copy is dropped."""
    content_type, reason = _decide(content, limits)
    values: dict[str, Any] = {"fetch_claimed_until": None, "size": len(content)}
    key = None
    if reason is not None:
        values |= {"status": "refused", "refused_reason": reason}
    else:
        key = new_key()
        store.put(key, content)
        values |= {"status": "stored", "storage_key": key, "content_type": content_type}
    changed = session.execute(
        update(Attachment)
        .where(col(Attachment.id) == attachment_id, col(Attachment.status).in_(FETCHABLE))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount == 0 and key is not None:  # type: ignore[attr-defined]
        store.delete(key)
    return _fresh(session, attachment_id)


def refuse(session: Session, *, attachment_id: int, reason: str) -> Attachment | None:
    """Mark a row refused without its bytes (e.g. the channel says it is too large)."""
    _set_if_fetchable(
        session, attachment_id, status="refused", refused_reason=reason, fetch_claimed_until=None
    )
    return _fresh(session, attachment_id)


def fetch_failed(
    session: Session, *, attachment_id: int, retry_at: datetime | None
) -> Attachment | None:
    """Record a failed fetch: try again at ``retry_at``, or give up (None): ``failed``."""
    values: dict[str, Any] = {
        "fetch_attempts": col(Attachment.fetch_attempts) + 1,
        "fetch_claimed_until": None,
    }
    if retry_at is None:
        values["status"] = "failed"
    else:
        values["next_fetch_at"] = retry_at
    _set_if_fetchable(session, attachment_id, **values)
    return _fresh(session, attachment_id)


def claim_due(
    session: Session, *, now: datetime, lease: timedelta, limit: int = 10
) -> list[Attachment]:
    """Pending rows due for a fetch, each claimed for ``lease`` so that another instance
    leaves them alone (a claim by a dead instance simply runs out)."""
    statement = (
        select(Attachment)
        .where(
            col(Attachment.status) == "pending",
            or_(col(Attachment.next_fetch_at).is_(None), col(Attachment.next_fetch_at) <= now),
            or_(
                col(Attachment.fetch_claimed_until).is_(None),
                col(Attachment.fetch_claimed_until) < now,
            ),
        )
        .order_by(col(Attachment.id))
        .limit(limit)
    )
    claimed = []
    for row in session.exec(statement).all():
        taken = session.execute(
            update(Attachment)
            .where(
                col(Attachment.id) == row.id,
                col(Attachment.status) == "pending",
                or_(
                    col(Attachment.fetch_claimed_until).is_(None),
                    col(Attachment.fetch_claimed_until) < now,
                ),
            )
            .values(fetch_claimed_until=now + lease)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(row)
    return claimed


def erase(session: Session, *, case_id: int) -> list[str]:
    """Forget the case's files in the rows; returns the store keys to delete once the
    caller has committed (the orphan sweep deletes them if it never gets to)."""
    rows = session.exec(select(Attachment).where(col(Attachment.case_id) == case_id)).all()
    keys = [row.storage_key for row in rows if row.storage_key]
    session.execute(
        update(Attachment)
        .where(col(Attachment.case_id) == case_id)
        .values(
            telegram_file_id="",
            telegram_file_unique_id="",
            storage_key=None,
            status="erased",
            fetch_claimed_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    return keys


def delete_files(store: AttachmentStore, keys: Iterable[str]) -> None:
    for key in keys:
        store.delete(key)


def sweep_orphans(session: Session, store: AttachmentStore, *, now: datetime | None = None) -> int:
    """Delete stored files that no row points at (and older than ``ORPHAN_GRACE``);
    returns how many. Read-only on the database."""
    now = now or utcnow()
    removed = 0
    batch: list[str] = []

    def settle() -> int:
        known = set(
            session.exec(
                select(Attachment.storage_key).where(col(Attachment.storage_key).in_(batch))
            ).all()
        )
        gone = [key for key in batch if key not in known]
        delete_files(store, gone)
        batch.clear()
        return len(gone)

    for key, written in store.iter_keys():
        if written > now - ORPHAN_GRACE:
            continue
        batch.append(key)
        if len(batch) >= 500:
            removed += settle()
    if batch:
        removed += settle()
    if isinstance(store, FileStore):
        for temp in store.stale_temporaries(now - ORPHAN_GRACE):
            temp.unlink(missing_ok=True)
    return removed


def _set_if_fetchable(session: Session, attachment_id: int, **values: Any) -> None:
    session.execute(
        update(Attachment)
        .where(col(Attachment.id) == attachment_id, col(Attachment.status).in_(FETCHABLE))
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def _fresh(session: Session, attachment_id: int) -> Attachment | None:
    row = session.get(Attachment, attachment_id)
    if row is not None:
        session.refresh(row)
    return row
