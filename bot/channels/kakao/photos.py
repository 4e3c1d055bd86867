"""Photos from KakaoTalk: the secure-image plugin's URLs expire in about ten minutes, so
sagak downloads them while it answers the request that brought them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from sqlmodel import Session, col, select

from bot.attachment_notice import REFUSAL_KEYS, refusal_text
from bot.channels.kakao.adapter import photo_key
from bot.channels.kakao.request import SkillRequest
from bot.inbound import Reply
from storage import attachments
from storage.attachment_store import AttachmentStore
from storage.attachments import Limits
from storage.channels import kakao_chat_id
from storage.models import Attachment

FETCH_TIMEOUT = 2.0  # each photo; the answer must still leave within Kakao's 5 seconds


@dataclass(frozen=True)
class Downloaded:
    url: str
    content: bytes | None  # None: not fetched (expired, too large, unreachable)
    content_type: str | None
    error: str | None = None


async def download(
    client: httpx.AsyncClient, urls: tuple[str, ...], *, max_bytes: int
) -> dict[str, Downloaded]:
    """Fetch every URL at once, each capped at `max_bytes`; never raises."""
    found = await asyncio.gather(*(_one(client, url, max_bytes) for url in urls))
    return {item.url: item for item in found}


async def _one(client: httpx.AsyncClient, url: str, max_bytes: int) -> Downloaded:
    if not url.startswith(("https://", "http://")):
        return Downloaded(url, None, None, "not an http(s) URL")
    try:
        async with client.stream("GET", url, timeout=FETCH_TIMEOUT) as answer:
            if answer.status_code != 200:
                return Downloaded(url, None, None, f"HTTP {answer.status_code}")
            chunks: list[bytes] = []
            size = 0
            async for chunk in answer.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    return Downloaded(url, None, None, attachments.TOO_LARGE)
                chunks.append(chunk)
            return Downloaded(url, b"".join(chunks), answer.headers.get("content-type"))
    except httpx.HTTPError as error:
        return Downloaded(url, None, None, f"{type(error).__name__}")


@dataclass(frozen=True)
class Photos:
    """What a request's photos came to, and where sagak keeps files."""

    downloaded: dict[str, Downloaded]
    store: AttachmentStore
    limits: Limits


def keep_photos(
    session: Session, *, request: SkillRequest, photos: Photos, language: str
) -> list[Reply]:
    """Keep the downloaded photos on the message the request made (the first photo's row
    is already there, the others join it); returns what to tell the resident about a photo
    not kept. A photo that could not be downloaded is marked failed: Kakao's URL is gone."""
    if not request.photo_urls:
        return []
    first = session.exec(
        select(Attachment)
        .where(
            col(Attachment.source_file_unique_id) == photo_key(request.photo_urls[0]),
            col(Attachment.status) == "pending",
        )
        .order_by(col(Attachment.id).desc())
    ).first()
    if first is None or first.id is None:
        return []  # the photo made no message (e.g. the resident is flooding)
    tell: list[Reply] = []
    for index, url in enumerate(request.photo_urls):
        got = photos.downloaded.get(url)
        content = got.content if got is not None else None
        kept: Attachment | None
        if index == 0 and content is None:
            reason = got.error if got is not None else None
            if reason == attachments.TOO_LARGE:
                kept = attachments.refuse(session, attachment_id=first.id, reason=reason)
            else:
                kept = attachments.fetch_failed(session, attachment_id=first.id, retry_at=None)
        elif index == 0 and content is not None:
            kept = attachments.keep_bytes(
                session,
                photos.store,
                attachment_id=first.id,
                content=content,
                limits=photos.limits,
            )
        elif content is not None:
            kept = attachments.keep(
                session,
                photos.store,
                case_id=first.case_id,
                message_id=first.message_id,
                kind=first.kind,
                content=content,
                limits=photos.limits,
                claimed_type=got.content_type if got is not None else None,
            )
        else:
            continue
        if kept is not None and kept.status == "refused" and kept.refused_reason in REFUSAL_KEYS:
            text = refusal_text(language, kept.refused_reason, photos.limits)
            reply = Reply(kakao_chat_id(request.user_key), text, language, case_id=first.case_id)
            if reply not in tell:
                tell.append(reply)
    return tell
