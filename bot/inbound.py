"""What the conversation sees of a chat message and says back, independent of Telegram."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    LOCATION = "location"
    PHOTO = "photo"
    DOCUMENT = "document"
    VOICE = "voice"
    VIDEO = "video"
    EDIT = "edit"
    UNSUPPORTED = "unsupported"
    BLOCKED = "blocked"  # the user blocked the bot
    IGNORED = "ignored"  # nothing a person said: service messages, updates we don't use


MEDIA_KINDS = frozenset({Kind.PHOTO, Kind.DOCUMENT, Kind.VOICE, Kind.VIDEO})


@dataclass(frozen=True)
class MediaFile:
    file_id: str
    file_unique_id: str
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Inbound:
    """One thing a person did in a chat."""

    kind: Kind
    chat_id: int | None = None
    user_id: int | None = None
    private: bool = True
    language_code: str | None = None
    text: str = ""
    command: str | None = None
    argument: str = ""
    latitude: float | None = None
    longitude: float | None = None
    media: MediaFile | None = None
    message_id: int | None = None


class Keyboard(StrEnum):
    NONE = "none"
    ASK_LOCATION = "ask_location"
    REMOVE = "remove"


@dataclass(frozen=True)
class Reply:
    """A message to send: to the person (case_id set when it belongs on a case timeline)."""

    chat_id: int
    text: str
    language: str = "ko"
    keyboard: Keyboard = Keyboard.NONE
    case_id: int | None = None
    extra: dict[str, object] = field(default_factory=dict)
