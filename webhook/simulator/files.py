"""Photos people send in the web chat, kept on disk as Telegram keeps them on its servers.

The bot stores only file ids on a case; staff pages fetch the bytes through the Bot API
(getFile, then the file URL), which the stand-in answers from here.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

MAX_PHOTO_BYTES = 5_000_000
_FILE_ID = re.compile(r"sim-[0-9a-f]{24}")
# Only images a browser shows; anything else is refused, never served back.
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)


class PhotoRejected(ValueError):
    """Not an image the simulator accepts (type or size)."""


@dataclass(frozen=True)
class StoredPhoto:
    file_id: str
    file_unique_id: str
    path: str  # the file_path getFile answers with
    size: int
    mime_type: str


def _kind(content: bytes) -> tuple[str, str]:
    for signature, mime, extension in _SIGNATURES:
        if content.startswith(signature):
            return mime, extension
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp", "webp"
    raise PhotoRejected("only JPEG, PNG, GIF and WebP photos")


class PhotoStore:
    """Photo files under `<data dir>/simulator/photos/`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, content: bytes) -> StoredPhoto:
        if not content or len(content) > MAX_PHOTO_BYTES:
            raise PhotoRejected(f"a photo must be 1 byte to {MAX_PHOTO_BYTES // 1_000_000} MB")
        mime, extension = _kind(content)
        token = secrets.token_hex(12)
        path = f"photos/sim-{token}.{extension}"
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        return StoredPhoto(f"sim-{token}", f"u{token[:16]}", path, len(content), mime)

    def find(self, file_id: str) -> StoredPhoto | None:
        """The stored photo for a file id; None for unknown or malformed ids."""
        if not _FILE_ID.fullmatch(file_id):
            return None
        folder = self.root / "photos"
        for candidate in folder.glob(f"{file_id}.*") if folder.is_dir() else ():
            content = candidate.read_bytes()
            try:
                mime, _ = _kind(content)
            except PhotoRejected:
                return None
            token = file_id.removeprefix("sim-")
            return StoredPhoto(
                file_id, f"u{token[:16]}", f"photos/{candidate.name}", len(content), mime
            )
        return None

    def read(self, path: str) -> bytes | None:
        """The bytes behind a getFile path, or None (also for paths outside the store)."""
        match = re.fullmatch(r"photos/(sim-[0-9a-f]{24})\.(jpg|png|gif|webp)", path)
        target = self.root / path
        if match is None or not target.is_file():
            return None
        return target.read_bytes()
