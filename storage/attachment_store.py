"""Where attachment bytes live: one small interface, files under SAGAK_DATA_DIR for now.

The database row (``storage.models.Attachment``) says what a file is and whose case it
belongs to; the store only keeps bytes under an opaque key. Keys are random, so a key
says nothing about the reporter and cannot be guessed from another. An object store
(S3-compatible) can implement the same protocol for instances on several machines.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"[0-9a-f]{32}")


class MissingObject(KeyError):
    """The store holds nothing under this key (never written, or deleted)."""


def new_key() -> str:
    """A fresh random key: 128 bits of hex, unguessable and meaningless."""
    return secrets.token_hex(16)


class AttachmentStore(Protocol):
    """Bytes by key. ``put`` is all-or-nothing: a reader sees the whole object or none."""

    def put(self, key: str, content: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def iter_keys(self) -> Iterator[tuple[str, datetime]]:
        """Every key with when it was written (the orphan sweep spares young ones)."""
        ...


class FileStore:
    """Files under ``root``, two levels of two-hex-digit folders (at most 256 entries each
    level), so a city's hundred thousand photos never sit in one directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._temp = self.root / "tmp"

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            # Keys come from new_key(); anything else could walk out of the folder.
            raise ValueError(f"not an attachment key: {key!r}")
        return self.root / key[:2] / key[2:4] / key

    def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._temp.mkdir(parents=True, exist_ok=True)
        # Written beside the final place (same file system) and renamed: a crash mid-write
        # leaves a stray temporary file, never a truncated photo under a real key.
        temp = self._temp / f"{key}.{secrets.token_hex(4)}.part"
        try:
            with open(temp, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _fsync_dir(path.parent)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise MissingObject(key) from error

    def delete(self, key: str) -> None:
        """Remove the object; deleting a key that is already gone is not an error."""
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def iter_keys(self) -> Iterator[tuple[str, datetime]]:
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/??/*"):
            if _KEY.fullmatch(path.name) and path.is_file():
                yield path.name, _mtime(path)

    def stale_temporaries(self, older_than: datetime) -> list[Path]:
        """Temporary files left by a crash during ``put``, older than ``older_than``."""
        if not self._temp.is_dir():
            return []
        return [p for p in self._temp.iterdir() if p.is_file() and _mtime(p) < older_than]


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (a power cut must not undo it)."""
    # Some file systems cannot open or sync a directory: the file itself is synced already.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def file_store(data_dir: Path) -> FileStore:
    """The store sagak uses: ``SAGAK_DATA_DIR/attachments``."""
    return FileStore(Path(data_dir) / "attachments")
