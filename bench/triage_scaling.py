"""How triage's cost grows with the length of a text, for ordinary and adversarial texts.

    .venv/bin/python bench/triage_scaling.py [--lengths 1024,4096,16384,65536,262144]

Each text is assessed whole with ``triage.assess`` on one core (the process pins itself to
one CPU where the OS allows it); a time is the process's CPU time, the best of several
runs, so other work on the machine hardly moves it. Ordinary texts are everyday messages
(the mundane probes of tests/triage/eval_set.py, which no pattern stops early on) and, for
comparison, labelled reports joined; adversarial ones are what made one message cost
seconds before the patterns were fixed: a letter, a word or digits repeated, emoji,
scripts mixed. Printed: seconds per assessment at each length, the ratio at 4,096
characters (Telegram's limit) to the everyday text in the same scripts (target: at most
2), and the growth per 4x length from 4,096 characters up (linear is about 4; windows
overlap by a quarter, so about 4-5). Exits non-zero when an adversarial text misses the
target.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.triage.eval_set import HELD_OUT_SETS, MUNDANE_PROBE, MUNDANE_PROBE_2, TUNING
from triage import assess
from triage.windows import MAX_CHARS

TARGET_RATIO = 2.0
REPORTS = TUNING + [entry for labelled in HELD_OUT_SETS.values() for entry in labelled]
EVERYDAY = MUNDANE_PROBE + MUNDANE_PROBE_2


def _joined(entries: list[tuple[str, str, str]], *languages: str) -> str:
    return "\n".join(text for lang, _, text in entries if lang in languages)


# name -> (repeated unit, scripts of the everyday text it is compared with, or None)
TEXTS: dict[str, tuple[str, str | None]] = {
    "everyday ko": (_joined(EVERYDAY, "ko"), None),
    "everyday en": (_joined(EVERYDAY, "en"), None),
    "everyday zh": (_joined(EVERYDAY, "zh"), None),
    "everyday mixed": (_joined(EVERYDAY, "ko", "en", "zh"), None),
    "reports ko": (_joined(REPORTS, "ko"), None),
    "reports en": (_joined(REPORTS, "en"), None),
    "reports zh": (_joined(REPORTS, "zh"), None),
    "letter aaaa": ("a", "en"),
    "word hellohello": ("hello", "en"),
    "word 'help help'": ("help ", "en"),
    "digits": ("1234567890", "en"),
    "emoji": ("\U0001f600", "en"),
    "syllable 가가가": ("가", "ko"),
    "laughter ㅋㅋㅋ": ("ㅋ", "ko"),
    # Long runs of digits after a word of time, as "며칠3일째" or "三天" begin.
    "digits in Korean": ("며칠" + "1234567890" * 50, "ko"),
    "digits in Chinese": ("三天" + "1234567890" * 50, "zh"),
    "character 死死死": ("死", "zh"),
    "mixed a가死1😀": ("a가死1 \U0001f600", "mixed"),
}


def _fill(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _seconds(text: str, budget: float) -> float:
    best = float("inf")
    spent, runs = 0.0, 0
    while runs < 2 or (spent < budget and runs < 20):
        start = time.process_time()
        assess(text)
        took = time.process_time() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="1024,4096,16384,65536,262144")
    parser.add_argument("--budget", type=float, default=0.5, help="seconds per measurement")
    args = parser.parse_args()
    lengths = [int(n) for n in args.lengths.split(",")]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    assess(_fill(TEXTS["everyday mixed"][0], 512))  # warm-up: OpenCC's dictionaries
    print(f"python {platform.python_version()} on {platform.machine()}, one core")
    print("seconds per assessment (best of runs)\n")
    header = "".join(f"{n:>10,}" for n in lengths)
    print(f"{'text':<20}{header}   x everyday @{MAX_CHARS:,}   growth per 4x")
    seconds: dict[str, dict[int, float]] = {}
    missed = []
    for name, (unit, scripts) in TEXTS.items():
        seconds[name] = {n: _seconds(_fill(unit, n), args.budget) for n in lengths}
        row = "".join(f"{seconds[name][n]:>10.4f}" for n in lengths)
        ratio = ""
        if scripts is not None and MAX_CHARS in lengths:
            value = seconds[name][MAX_CHARS] / seconds[f"everyday {scripts}"][MAX_CHARS]
            ratio = f"{value:.2f} ({scripts})"
            if value > TARGET_RATIO:
                missed.append(name)
        long = [n for n in lengths if n >= MAX_CHARS]
        steps = [
            seconds[name][b] / seconds[name][a] for a, b in itertools.pairwise(long) if b == 4 * a
        ]
        growth = " ".join(f"{g:.1f}" for g in steps)
        print(f"{name:<20}{row}   {ratio:<17}   {growth}", flush=True)
    print(
        f"\ntarget: an adversarial {MAX_CHARS:,}-character text within {TARGET_RATIO:g}x of an "
        f"everyday one: {'met' if not missed else 'MISSED by ' + ', '.join(missed)}"
    )
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
