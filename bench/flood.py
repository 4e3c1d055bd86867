"""Processing cost of a flood of identical reports against varied ones (issue 16).

    .venv/bin/python bench/flood.py [--reports 400]

Stores N new reports (each from a distinct user) in a fresh SQLite inbox, then turns them
into cases one by one as the inbox worker does (conversation, triage, duplicate matching,
outbox rows) and prints the CPU time per report, and the wall time per report in the first
and last quarter: a cost that grows with the number of look-alikes shows as a last
quarter slower than the first. No servers, no network.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.workload import report_text  # noqa: E402
from bot.conversation import DialogueConfig  # noqa: E402
from bot.processing import process_next  # noqa: E402
from storage import inbox  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.updates import Person  # noqa: E402


def run(kind: str, count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="sagak-flood-") as tmp:
        engine = make_engine(f"sqlite:///{tmp}/flood.db")
        upgrade(engine)
        rng = random.Random(1)
        same = report_text(random.Random(0))
        config = DialogueConfig(
            staff_chat_id=None, flood_per_minute=20, daily_new_cases=5, hotlines=[],
            retention_days=1826,
        )  # fmt: skip
        for i in range(count):
            text = same if kind == "identical" else report_text(rng)
            update = Person(1000 + i, "ko", f"u{i}").text(text)
            payload = json.dumps(update, ensure_ascii=False)
            inbox.store_update(engine, update_id=i + 1, chat_id=1000 + i, payload=payload)
        walls: list[float] = []
        cpu = time.process_time()
        while True:
            started = time.perf_counter()
            if not process_next(engine, config):
                break
            walls.append(time.perf_counter() - started)
        cpu = time.process_time() - cpu
        engine.dispose()
    quarter = max(1, len(walls) // 4)
    return {
        "cpu_ms_per_report": cpu / count * 1000,
        "first_quarter_ms": sum(walls[:quarter]) / quarter * 1000,
        "last_quarter_ms": sum(walls[-quarter:]) / quarter * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=400)
    args = parser.parse_args()
    results = {kind: run(kind, args.reports) for kind in ("varied", "identical")}
    for kind, r in results.items():
        print(
            f"{kind:9} {args.reports} reports: {r['cpu_ms_per_report']:.1f} ms CPU a report; "
            f"wall first quarter {r['first_quarter_ms']:.1f} ms, last {r['last_quarter_ms']:.1f} ms"
        )
    ratio = results["varied"]["cpu_ms_per_report"] / results["identical"]["cpu_ms_per_report"]
    print(f"identical reports per CPU second, against varied: {ratio:.2f}x")


if __name__ == "__main__":
    main()
