"""The chat channels sagak talks through, and the routes a message can reach a person by."""

from __future__ import annotations

import hashlib
from enum import StrEnum


class Channel(StrEnum):
    TELEGRAM = "telegram"
    KAKAO = "kakao"


class DeliveryRoute(StrEnum):
    """How an outgoing message reached the reporter (messages.delivery_route)."""

    TELEGRAM = "telegram"  # Telegram's sendMessage
    KAKAO_ANSWER = "kakao_answer"  # KakaoTalk: in the answer to the resident's next message
    KAKAO_EVENT = "kakao_event"  # KakaoTalk: the Event API triggered the event block


# The dialogue addresses replies by a numeric chat id. Telegram's ids have at most 52
# significant bits (groups are negative), so KakaoTalk residents get ids from 2**60 up,
# derived from their botUserKey: the two never meet, and a chat id says its channel.
_KAKAO_CHAT_BASE = 2**60


def kakao_chat_id(bot_user_key: str) -> int:
    """The chat id the dialogue uses for a KakaoTalk resident (stable for their key)."""
    digest = hashlib.sha256(bot_user_key.encode()).digest()
    return _KAKAO_CHAT_BASE + int.from_bytes(digest[:8], "big") % 2**59


def channel_of_chat(chat_id: int) -> Channel:
    return Channel.KAKAO if chat_id >= _KAKAO_CHAT_BASE else Channel.TELEGRAM
