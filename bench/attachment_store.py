"""What keeping a file durably costs: FileStore.put (temporary file, fsync, rename, fsync of
the folder) and get, against writing and reading the same bytes with a plain open().

    .venv/bin/python -m bench.attachment_store [--files 200] [--kb 300]

Prints files per second for both and the ratio store/plain, measured in the same run on
the same disk (a typical phone photo is 100-500 KB).
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
import time
from pathlib import Path

from storage.attachment_store import file_store, new_key


def _plain(root: Path, payloads: list[bytes]) -> float:
    root.mkdir(parents=True)
    started = time.perf_counter()
    for n, content in enumerate(payloads):
        (root / str(n)).write_bytes(content)
    for n in range(len(payloads)):
        (root / str(n)).read_bytes()
    return time.perf_counter() - started


def _store(root: Path, payloads: list[bytes]) -> float:
    store = file_store(root)
    keys = [new_key() for _ in payloads]
    started = time.perf_counter()
    for key, content in zip(keys, payloads, strict=True):
        store.put(key, content)
    for key in keys:
        store.get(key)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--kb", type=int, default=300)
    args = parser.parse_args()
    payloads = [b"\xff\xd8\xff" + secrets.token_bytes(args.kb * 1024) for _ in range(args.files)]
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as folder:
        plain = _plain(Path(folder) / "plain", payloads)
        kept = _store(Path(folder) / "store", payloads)
    print(f"{args.files} files of {args.kb} KB, written then read back")
    print(f"plain open():   {args.files / plain:8.0f} files/s")
    print(f"FileStore:      {args.files / kept:8.0f} files/s")
    print(f"ratio store/plain time: {kept / plain:.1f}x (the fsyncs that make a photo durable)")


if __name__ == "__main__":
    main()
