"""What the conversation sees of a chat message and says back, independent of Telegram."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    LOCATION = "location"
    PHOTO = "photo"
    DOCUMENT = "document"
    VOICE = "voice"
    VIDEO = "video"
    CONTACT = "contact"  # a shared phone contact (the reporter's own, or someone else's card)
    EDIT = "edit"
    CALLBACK = "callback"  # an inline button was pressed
    UNSUPPORTED = "unsupported"
    BLOCKED = "blocked"  # the user blocked the bot
    ADDED_TO_GROUP = "added_to_group"  # someone added the bot to a group chat
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
    # The chat message: the one sent, edited, or (for CALLBACK) the one carrying the buttons.
    message_id: int | None = None
    update_id: int | None = None
    sent_at: datetime | None = None  # when the person sent it, by Telegram's clock
    callback_id: str | None = None
    callback_data: str = ""
    phone: str | None = None  # CONTACT: the number on the shared contact
    own_contact: bool = False  # CONTACT: the sender shared their own number
    channel: str = "telegram"
    # The channel's own id for the person when it is not a number (KakaoTalk's botUserKey).
    user_key: str | None = None

    @property
    def channel_user_id(self) -> str:
        """Who the person is within their channel (reporters.channel_user_id)."""
        return self.user_key if self.user_key is not None else str(self.user_id)


class Keyboard(StrEnum):
    """The reply keyboard a message carries (below the text field)."""

    NONE = "none"
    ASK_LOCATION = "ask_location"
    ASK_CONTACT = "ask_contact"
    MENU = "menu"  # the persistent main menu
    VOLUNTEER_MENU = "volunteer_menu"  # a volunteer's main menu (Turn picks it for MENU)
    REMOVE = "remove"


class Method(StrEnum):
    """What a reply does in the chat."""

    SEND = "send"  # a new message
    ANSWER_CALLBACK = "answer_callback"  # stop a pressed button's spinner (text: a toast)
    EDIT_BUTTONS = "edit_buttons"  # replace the inline buttons under an earlier message


@dataclass(frozen=True)
class Button:
    """An inline button; `data` comes back in the callback (at most 64 bytes)."""

    text: str
    data: str


@dataclass(frozen=True)
class Reply:
    """A message to send: to the person (case_id set when it belongs on a case timeline).

    `essential` replies go out even while a flooding reporter is not answered one by one
    (emergency numbers, receipts, staff alerts, button answers).
    """

    chat_id: int
    text: str
    language: str = "ko"
    keyboard: Keyboard = Keyboard.NONE
    case_id: int | None = None
    extra: dict[str, object] = field(default_factory=dict)
    buttons: tuple[tuple[Button, ...], ...] = ()
    method: Method = Method.SEND
    target_message_id: int | None = None  # EDIT_BUTTONS: the message to change
    callback_id: str | None = None  # ANSWER_CALLBACK: the press being answered
    essential: bool = False
    urgent: bool = False  # sent before other chats' messages (emergency numbers, alerts)
