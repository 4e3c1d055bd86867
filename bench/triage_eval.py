"""Measure triage against the labelled reports in tests/triage/eval_set.py.

Prints, for the tuning set and the held-out sets (written after tuning, never tuned on):
the confusion matrix, critical recall and precision, and 4-level accuracy (and, for the
probes, where their messages land); exits non-zero
when a set misses the targets (critical recall >= 0.95 with precision >= 0.8, accuracy
>= 0.75). ``--no-model`` switches off the learned backstop (triage/model.py) and scores
the lexicon alone, as before round 9.

    .venv/bin/python bench/triage_eval.py [--misses] [--set tuning|held_out|all] [--no-model]
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.triage.eval_set import (
    CRITICAL_PROBE,
    HELD_OUT,
    HELD_OUT_2,
    HELD_OUT_3,
    HELD_OUT_4,
    HELD_OUT_5,
    HELD_OUT_6,
    HELD_OUT_7,
    HELD_OUT_8,
    HELD_OUT_9,
    HELD_OUT_10,
    HELD_OUT_11,
    HELD_OUT_12,
    MUNDANE_PROBE,
    MUNDANE_PROBE_2,
    PRECISION_PROBE,
    TUNING,
    Labelled,
)
from triage import assess, model_weights

LEVELS = ("critical", "high", "normal", "low")
TARGET_RECALL = 0.95
TARGET_PRECISION = 0.8
TARGET_ACCURACY = 0.75


@dataclass
class Scores:
    """Confusion counts for one set: matrix[expected][predicted]."""

    matrix: dict[str, dict[str, int]] = field(
        default_factory=lambda: {e: dict.fromkeys(LEVELS, 0) for e in LEVELS}
    )
    misses: list[tuple[Labelled, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.matrix.values())

    @property
    def accuracy(self) -> float:
        right = sum(self.matrix[level][level] for level in LEVELS)
        return right / self.total if self.total else 0.0

    @property
    def critical_recall(self) -> float:
        row = self.matrix["critical"]
        return row["critical"] / sum(row.values()) if sum(row.values()) else 0.0

    @property
    def critical_precision(self) -> float:
        column = sum(self.matrix[e]["critical"] for e in LEVELS)
        return self.matrix["critical"]["critical"] / column if column else 0.0

    @property
    def meets_targets(self) -> bool:
        return (
            self.critical_recall >= TARGET_RECALL
            and self.critical_precision >= TARGET_PRECISION
            and self.accuracy >= TARGET_ACCURACY
        )


def score(labelled: list[Labelled]) -> Scores:
    """Assess every report and count where it landed."""
    scores = Scores()
    for entry in labelled:
        _, expected, text = entry
        predicted = assess(text).priority.value
        scores.matrix[expected][predicted] += 1
        if predicted != expected:
            scores.misses.append((entry, predicted))
    return scores


def report(name: str, labelled: list[Labelled], *, show_misses: bool) -> Scores:
    scores = score(labelled)
    languages = sorted({language for language, _, _ in labelled})
    print(f"\n== {name}: {scores.total} reports ({', '.join(languages)})")
    print("expected \\ predicted " + "".join(f"{level:>10}" for level in LEVELS))
    for expected in LEVELS:
        row = scores.matrix[expected]
        print(f"{expected:>20} " + "".join(f"{row[p]:>10}" for p in LEVELS))
    print(
        f"critical recall {scores.critical_recall:.3f} (target {TARGET_RECALL}), "
        f"precision {scores.critical_precision:.3f} (target {TARGET_PRECISION}), "
        f"accuracy {scores.accuracy:.3f} (target {TARGET_ACCURACY})"
    )
    for language in languages:
        subset = score([e for e in labelled if e[0] == language])
        print(
            f"  {language}: {subset.total} reports, accuracy {subset.accuracy:.3f}, "
            f"critical recall {subset.critical_recall:.3f}"
        )
    if show_misses:
        for (language, expected, text), predicted in scores.misses:
            print(f"  MISS [{language}] expected {expected}, got {predicted}: {text}")
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every misclassified report")
    parser.add_argument("--set", choices=("tuning", "held_out", "all"), default="all")
    parser.add_argument(
        "--no-model", action="store_true", help="score the lexicon alone (no learned backstop)"
    )
    args = parser.parse_args()
    if args.no_model:
        model_weights.CRITICAL_THRESHOLD = model_weights.HIGH_THRESHOLD = math.inf
        print("learned backstop OFF: the lexicon alone")
    results = []
    if args.set in ("tuning", "all"):
        results.append(report("tuning set", TUNING, show_misses=args.misses))
    if args.set in ("held_out", "all"):
        # Each held-out set was scored once, then a tuning round fixed the kinds of wording
        # it missed; their first scores are in tests/triage/eval_set.py and docs/triage.md.
        # HELD_OUT_10, 11 and 12 are tuned for but never trained on.
        seen = (
            HELD_OUT,
            HELD_OUT_2,
            HELD_OUT_3,
            HELD_OUT_4,
            HELD_OUT_5,
            HELD_OUT_6,
            HELD_OUT_7,
            HELD_OUT_8,
            HELD_OUT_9,
            HELD_OUT_10,
            HELD_OUT_11,
            HELD_OUT_12,
        )
        for number, labelled in enumerate(seen, 1):
            name = f"held-out set {number} (scored, then tuned for)"
            results.append(report(name, labelled, show_misses=args.misses))
        # No batch is untouched today: HELD_OUT_12's first scores (docs/triage.md) were
        # taken before its misses were read. The next batch written is the clean estimate.
    if args.set in ("held_out", "all"):
        # Everyday messages, all "low", never trained on (their first scores are in
        # docs/triage.md); tests/triage/test_eval_targets.py keeps them low.
        for name, probe in (("mundane probe", MUNDANE_PROBE), ("mundane probe 2", MUNDANE_PROBE_2)):
            raised = [(text, assess(text).priority.value) for _, _, text in probe]
            print(
                f"\n== {name}: {len(raised)} everyday messages (never trained on), "
                + ", ".join(f"{level} {sum(p == level for _, p in raised)}" for level in LEVELS)
            )
            if args.misses:
                for text, predicted in raised:
                    if predicted != "low":
                        print(f"  RAISED to {predicted}: {text}")
    if args.set in ("held_out", "all"):
        # Round 12's probes of everyday neighbour vocabulary (never trained or tuned on):
        # totals only, even with --misses, so that they stay a measurement.
        for name, probe in (
            ("precision probe (none critical)", PRECISION_PROBE),
            ("critical probe (all critical)", CRITICAL_PROBE),
        ):
            predicted = [assess(text).priority.value for _, _, text in probe]
            print(
                f"\n== {name}: {len(probe)} reports (never trained on), "
                + ", ".join(f"{level} {predicted.count(level)}" for level in LEVELS)
            )
    ok = all(r.meets_targets for r in results)
    print("\ntargets met" if ok else "\nTARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
