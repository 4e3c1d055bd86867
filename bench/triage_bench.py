"""How many reports triage assesses per second on one core (target: >= 2,000).

    .venv/bin/python bench/triage_bench.py [--seconds 3]

The workload is every labelled report in tests/triage/eval_set.py (Korean, English,
Simplified and Traditional Chinese, short and long), cycled, through the whole engine:
patterns and, for reports they do not make critical, the learned backstop; a second run assesses the
same reports with structured answers (``facts``), and a third joins five reports into one
long text, as ``retriage`` does for a case with several messages. The process is pinned
to one CPU where the OS allows it, and the rate is per second of the process's own CPU
time, so other work on the machine slows the run but hardly moves the figure. Exits
non-zero below the target.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.triage.eval_set import HELD_OUT_SETS, TUNING
from triage import assess

TARGET = 2000
FACTS = {
    "lives_alone": True,
    "age_band": "elderly",
    "disability": False,
    "crisis_types": ["livelihood", "health"],
    "reporter_urgency": "today",
    "source": "volunteer",
    "reporters": 2,
}


def _rate(work: Callable[[str], object], texts: list[str], seconds: float) -> tuple[float, int]:
    for text in texts:  # warm-up: compiled patterns, OpenCC's dictionaries
        work(text)
    done = 0
    start = time.process_time()
    deadline = start + seconds
    while time.process_time() < deadline:
        for text in texts:
            work(text)
        done += len(texts)
    return done / (time.process_time() - start), done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per run")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    entries = TUNING + [entry for labelled in HELD_OUT_SETS.values() for entry in labelled]
    texts = [text for _, _, text in entries]
    joined = ["\n".join(texts[i : i + 5]) for i in range(0, len(texts), 5)]
    print(f"python {platform.python_version()} on {platform.machine()}, one core")
    print(f"{len(texts)} reports, mean {sum(map(len, texts)) / len(texts):.0f} characters")
    runs = {
        "text only": _rate(assess, texts, args.seconds),
        "text + facts": _rate(lambda t: assess(t, facts=FACTS), texts, args.seconds),
        "5 messages joined": _rate(assess, joined, args.seconds),
    }
    for language in ("ko", "en", "zh"):
        subset = [text for lang, _, text in entries if lang == language]
        runs[f"  {language} only"] = _rate(assess, subset, args.seconds)
    for name, (rate, done) in runs.items():
        print(f"{name:>20}: {rate:>9,.0f} assessments/s ({done:,} done)")
    worst = min(rate for name, (rate, _) in runs.items() if name != "5 messages joined")
    print(
        f"\ntarget {TARGET:,}/s: {'met' if worst >= TARGET else 'MISSED'} (slowest {worst:,.0f}/s)"
    )
    return 0 if worst >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
