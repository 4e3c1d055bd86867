"""The attachment store keeps bytes by key, whole or not at all."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from storage.attachment_store import FileStore, MissingObject, file_store, new_key


def test_bytes_come_back_as_written_and_are_gone_after_delete(tmp_path: Path) -> None:
    store = file_store(tmp_path)
    key = new_key()
    assert not store.exists(key)
    store.put(key, b"\xff\xd8\xff photo of the door")
    assert store.exists(key)
    assert store.get(key) == b"\xff\xd8\xff photo of the door"
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(MissingObject):
        store.get(key)
    store.delete(key)  # deleting twice is not an error: retention may retry


def test_files_live_under_the_data_dir_in_sharded_folders(tmp_path: Path) -> None:
    store = file_store(tmp_path)
    keys = [new_key() for _ in range(3)]
    for key in keys:
        store.put(key, key.encode())
    for key in keys:
        assert (tmp_path / "attachments" / key[:2] / key[2:4] / key).read_bytes() == key.encode()
    assert sorted(key for key, _ in store.iter_keys()) == sorted(keys)
    assert len(set(keys)) == 3 and all(len(key) == 32 for key in keys)


def test_a_key_that_is_not_ours_cannot_reach_outside_the_store(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "attachments")
    (tmp_path / "secret").write_bytes(b"not an attachment")
    for key in ("../secret", "../../etc/passwd", "ABCDEF" * 6, ""):
        with pytest.raises(ValueError):
            store.get(key)
        with pytest.raises(ValueError):
            store.put(key, b"x")
    assert (tmp_path / "secret").read_bytes() == b"not an attachment"


def test_a_write_that_fails_leaves_neither_a_partial_file_nor_a_temporary(tmp_path: Path) -> None:
    store = file_store(tmp_path)
    key = new_key()
    # Something else sits where the file would go: the final rename fails for real.
    (tmp_path / "attachments" / key[:2] / key[2:4] / key).mkdir(parents=True)
    with pytest.raises(OSError):
        store.put(key, b"\xff\xd8\xff" + b"x" * 100_000)
    assert not store.exists(key)
    assert list((tmp_path / "attachments" / "tmp").iterdir()) == []


def test_a_rewritten_key_holds_the_whole_new_content(tmp_path: Path) -> None:
    store = file_store(tmp_path)
    key = new_key()
    store.put(key, b"a" * 300_000)
    store.put(key, b"b" * 10)
    assert store.get(key) == b"b" * 10
    assert list((tmp_path / "attachments" / "tmp").iterdir()) == []


def test_readers_during_writes_see_a_whole_file_never_a_part(tmp_path: Path) -> None:
    store = file_store(tmp_path)
    key = new_key()
    versions = [bytes([n]) * 2_000_000 for n in range(1, 4)]
    store.put(key, versions[0])
    seen: list[bytes] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.append(store.get(key))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for round_ in range(30):
            store.put(key, versions[round_ % 3])
    finally:
        done.set()
        reader.join()
    assert seen and all(content in versions for content in seen)
