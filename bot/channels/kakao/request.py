"""A SkillRequest from Kakao i Open Builder, read and checked before anything is stored."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bot.channels.json_body import UnreadableBody, read_object

MAX_UTTERANCE = 4096
MAX_KEY = 128
_URLS_IN_LIST = re.compile(r"https?://[^\s,()]+")
_IMAGE_IN_TEXT = re.compile(r"^https?://\S+\.(?:jpe?g|png|gif|webp)(?:\?\S*)?$", re.IGNORECASE)


class BadSkillRequest(ValueError):
    """The body is not a SkillRequest (400, nothing stored)."""


@dataclass(frozen=True)
class SkillRequest:
    user_key: str  # userRequest.user.id, the botUserKey
    utterance: str
    bot_id: str | None
    intent: str | None
    language: str | None
    friend: bool
    friend_key: str | None
    photo_urls: tuple[str, ...]


def read_skill_request(body: bytes) -> tuple[SkillRequest, dict[str, Any]]:
    """The request sagak acts on, and the JSON to store; BadSkillRequest otherwise."""
    try:
        data = read_object(body)
    except UnreadableBody as error:
        raise BadSkillRequest(str(error)) from None
    return parse(data), data


def parse(data: dict[str, Any]) -> SkillRequest:
    user_request = _object(data, "userRequest")
    user = _object(user_request, "user")
    key = user.get("id")
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY:
        raise BadSkillRequest("userRequest.user.id must be a string of 1-128 characters")
    properties = _optional(user, "properties")
    utterance = user_request.get("utterance")
    utterance = utterance if isinstance(utterance, str) else ""
    bot = _optional(data, "bot")
    intent = _optional(data, "intent")
    language = user_request.get("lang")
    friend_key = properties.get("plusfriendUserKey")
    return SkillRequest(
        user_key=key,
        utterance=utterance[:MAX_UTTERANCE],
        bot_id=str(bot["id"]) if bot.get("id") is not None else None,
        intent=intent.get("name") if isinstance(intent.get("name"), str) else None,
        language=language if isinstance(language, str) else None,
        friend=properties.get("isFriend") is True,
        friend_key=friend_key[:MAX_KEY] if isinstance(friend_key, str) else None,
        photo_urls=_photos(data, user_request, utterance),
    )


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise BadSkillRequest(f"{key} is missing")
    return value


def _optional(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _photos(data: dict[str, Any], user_request: dict[str, Any], utterance: str) -> tuple[str, ...]:
    """Photo URLs: the secure-image plugin's parameter, the media parameter, or (older
    set-ups) an image URL as the whole utterance."""
    urls: list[str] = []
    params = _optional(_optional(data, "action"), "params")
    secure = params.get("secureimage")
    if isinstance(secure, str):
        try:
            secure = json.loads(secure)
        except ValueError:
            secure = {"secureUrls": secure}
    if isinstance(secure, dict) and isinstance(secure.get("secureUrls"), str):
        urls += _URLS_IN_LIST.findall(secure["secureUrls"])
    media = (
        user_request.get("params", {}).get("media")
        if isinstance(user_request.get("params"), dict)
        else None
    )
    if (
        isinstance(media, dict)
        and media.get("type") == "image"
        and isinstance(media.get("url"), str)
    ):
        urls.append(media["url"])
    if not urls and _IMAGE_IN_TEXT.match(utterance.strip()):
        urls.append(utterance.strip())
    return tuple(url for url in urls if len(url) <= 1024)[:10]
