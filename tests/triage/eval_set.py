"""Labelled reports for measuring and training triage, read from ``corpus/triage``.

The reports themselves are data: one JSONL file per set (``{"language", "priority",
"text", "author"}`` per line), listed in ``corpus/triage/manifest.json`` in the order they
were written, with who wrote each set, when, and its first score (the honest estimate:
taken once, before anyone read the set). See ``corpus/triage/README.md``.

Labels follow the level definitions, decided before looking at what the engine says:

- critical: a life or someone's safety may be at risk now or within hours;
- high: serious unmet basic needs or strong risk factors without immediate danger;
- normal: a household someone should check, no acute sign;
- low: not a welfare crisis or not actionable.

Each entry is ``(language, expected priority, text)``; ``AUTHORS`` gives each set's author.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

Labelled = tuple[str, str, str]

DATA: Final[Path] = Path(__file__).resolve().parents[2] / "corpus" / "triage"
MANIFEST: Final[dict[str, Any]] = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
LEVELS: Final[tuple[str, ...]] = ("critical", "high", "normal", "low")


def load(name: str) -> list[Labelled]:
    """The reports of one set, in file order."""
    entry = next(item for item in MANIFEST["sets"] if item["name"] == name)
    rows = []
    for line in (DATA / entry["file"]).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append((row["language"], row["priority"], row["text"]))
    return rows


SETS: Final[dict[str, list[Labelled]]] = {
    item["name"]: load(item["name"]) for item in MANIFEST["sets"]
}
KINDS: Final[dict[str, str]] = {item["name"]: item["kind"] for item in MANIFEST["sets"]}
AUTHORS: Final[dict[str, str]] = {item["name"]: item["author"] for item in MANIFEST["sets"]}

# The project's own batches: tuning batches (written for the kinds of wording a held-out
# batch had missed) and held-out batches (written after a round of tuning, scored once).
TUNING_BATCHES: Final[dict[str, list[Labelled]]] = {
    name: rows for name, rows in SETS.items() if KINDS[name] == "tuning"
}
HELD_OUT_SETS: Final[dict[str, list[Labelled]]] = {
    name: rows for name, rows in SETS.items() if KINDS[name] == "held_out"
}
# Batches by independent authors (personas), each scored once by the lead before anyone
# read it; training material since.
AUTHOR_BATCHES: Final[dict[str, list[Labelled]]] = {
    name: rows for name, rows in SETS.items() if KINDS[name] == "batch"
}
# Batches by independent authors that nobody has read, tuned for or trained on yet: their
# scores in the manifest are first scores, the honest figure for writers never seen.
UNSEEN_BATCHES: Final[dict[str, list[Labelled]]] = {
    name: rows for name, rows in SETS.items() if KINDS[name] == "unseen"
}
# Every batch that may be trained on or validated with, in writing order (probes and
# unseen batches are measurements only and never appear here).
WRITING_ORDER: Final[tuple[str, ...]] = tuple(
    item["name"] for item in MANIFEST["sets"] if item["kind"] not in ("probe", "unseen")
)
BATCHES: Final[dict[str, list[Labelled]]] = {name: SETS[name] for name in WRITING_ORDER}

TUNING: Final[list[Labelled]] = [entry for rows in TUNING_BATCHES.values() for entry in rows]
HELD_OUT: Final[list[Labelled]] = SETS["held_out_1"]
HELD_OUT_5: Final[list[Labelled]] = SETS["held_out_5"]
HELD_OUT_6: Final[list[Labelled]] = SETS["held_out_6"]
HELD_OUT_8: Final[list[Labelled]] = SETS["held_out_8"]
HELD_OUT_9: Final[list[Labelled]] = SETS["held_out_9"]
HELD_OUT_10: Final[list[Labelled]] = SETS["held_out_10"]
HELD_OUT_11: Final[list[Labelled]] = SETS["held_out_11"]
HELD_OUT_12: Final[list[Labelled]] = SETS["held_out_12"]
# Probes: measured, never trained or tuned on (docs/triage.md). The mundane ones are all
# "low"; the precision probe has no critical report, the critical probe only critical ones.
MUNDANE_PROBE: Final[list[Labelled]] = SETS["mundane_probe"]
MUNDANE_PROBE_2: Final[list[Labelled]] = SETS["mundane_probe_2"]
PRECISION_PROBE: Final[list[Labelled]] = SETS["precision_probe"]
CRITICAL_PROBE: Final[list[Labelled]] = SETS["critical_probe"]
