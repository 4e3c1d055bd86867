"""KakaoTalk at the edge: a stored SkillRequest becomes an Inbound the dialogue reads."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from bot.channels.kakao.request import SkillRequest, parse
from bot.inbound import Inbound, Kind, MediaFile
from storage.channels import Channel, kakao_chat_id

_INVITE = re.compile(r"^V[2-9A-HJKMNP-Z]{10}$")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def to_inbound(data: dict[str, Any], *, update_id: int | None = None) -> Inbound:
    """The Inbound for a stored request (button taps are matched later, against the
    choices sagak offered: see bot.channels.kakao.skill)."""
    request = parse(data)
    return inbound_for(request, update_id=update_id)


def inbound_for(request: SkillRequest, *, update_id: int | None = None) -> Inbound:
    text = request.utterance.strip()
    common: dict[str, Any] = {
        "chat_id": kakao_chat_id(request.user_key),
        "user_id": 0,
        "user_key": request.user_key,
        "channel": Channel.KAKAO,
        "language_code": request.language or language_of(text),
        "update_id": update_id,
    }
    if request.photo_urls:
        url = request.photo_urls[0]
        caption = "" if text == url else text
        # No file id: Kakao's URL expires in minutes (and carries a token); the bytes are
        # downloaded while the request is answered and kept by sagak (skill.keep_photos).
        media = MediaFile("", photo_key(url), "image/jpeg")
        return Inbound(kind=Kind.PHOTO, text=caption, media=media, **common)
    if text.startswith("/") and len(text) > 1:
        command, _, argument = text[1:].partition(" ")
        return Inbound(
            kind=Kind.COMMAND,
            text=text,
            command=command.lower(),
            argument=argument.strip(),
            **common,
        )
    if _INVITE.match(text.upper()):
        # A volunteer's invite code, typed or tapped: what `/start CODE` does in Telegram.
        return Inbound(kind=Kind.COMMAND, text=text, command="start", argument=text, **common)
    if not text:
        # The welcome block (adding the channel, opening the chat) brings no words: greet.
        return Inbound(kind=Kind.COMMAND, command="start", **common)
    return Inbound(kind=Kind.TEXT, text=text, **common)


def photo_key(url: str) -> str:
    """What names a photo in its attachment row until its bytes are kept."""
    return "kakao-" + hashlib.sha256(url.encode()).hexdigest()[:32]


def language_of(text: str) -> str | None:
    """The language a text is written in, when its script says so (Kakao often sends no
    `lang`); None for text that does not tell (digits, emoji)."""
    if _HANGUL.search(text):
        return "ko"
    if _HAN.search(text):
        return "zh"
    if _LATIN.search(text):
        return "en"
    return None
