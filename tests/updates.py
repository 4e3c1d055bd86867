"""Builders for Telegram updates as the Bot API sends them to the webhook."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

_update_ids = itertools.count(int(time.time()) % 100_000 * 1000)
_message_ids = itertools.count(1)


@dataclass(frozen=True)
class Person:
    """A Telegram user in a private chat with the bot (chat id = user id, as Telegram does)."""

    id: int
    language_code: str | None = "ko"
    first_name: str = "Resident"

    def user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "update_id": next(_update_ids),
            "message": {
                "message_id": next(_message_ids),
                "date": int(time.time()),
                "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
                "from": self.user(),
                **content,
            },
        }

    def text(self, text: str) -> dict[str, Any]:
        update = self._message(text=text)
        if text.startswith("/"):
            command = text.split(" ")[0]
            update["message"]["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(command)}
            ]
        return update

    def location(self, latitude: float, longitude: float) -> dict[str, Any]:
        return self._message(location={"latitude": latitude, "longitude": longitude})

    def photo(self, file_id: str = "PHOTO-1", caption: str | None = None) -> dict[str, Any]:
        sizes = [
            {
                "file_id": f"{file_id}-s",
                "file_unique_id": f"{file_id}-us",
                "width": 90,
                "height": 90,
            },
            {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "width": 800,
                "height": 800,
                "file_size": 12345,
            },
        ]
        extra = {"caption": caption} if caption else {}
        return self._message(photo=sizes, **extra)

    def document(
        self,
        file_id: str,
        *,
        file_name: str = "file.pdf",
        mime_type: str | None = "application/pdf",
        file_size: int | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        document: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}"[:32],
            "file_name": file_name,
        }
        if mime_type is not None:
            document["mime_type"] = mime_type
        if file_size is not None:
            document["file_size"] = file_size
        extra = {"caption": caption} if caption else {}
        return self._message(document=document, **extra)

    def sticker(self) -> dict[str, Any]:
        return self._message(
            sticker={
                "file_id": "STK",
                "file_unique_id": "uSTK",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        )

    def blocks_bot(self) -> dict[str, Any]:
        bot = {"id": 123456, "is_bot": True, "first_name": "sagak"}
        return {
            "update_id": next(_update_ids),
            "my_chat_member": {
                "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
                "from": self.user(),
                "date": int(time.time()),
                "old_chat_member": {"status": "member", "user": bot},
                "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
            },
        }


def in_group(update: dict[str, Any], group_id: int = -100555) -> dict[str, Any]:
    update["message"]["chat"] = {"id": group_id, "type": "supergroup", "title": "Neighbours"}
    return update
