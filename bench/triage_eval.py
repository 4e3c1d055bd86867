"""Measure triage against labelled reports (corpus/triage, or any JSONL file).

Prints, for each set: the confusion matrix, critical recall and precision and 4-level
accuracy, overall and per language; for the probes, where their messages land. Exits
non-zero when a set misses the targets (critical recall >= 0.95 with precision >= 0.8,
accuracy >= 0.75). ``--no-model`` switches off the learned backstop (triage/model.py) and
scores the patterns alone.

    .venv/bin/python bench/triage_eval.py [--misses] [--set tuning|held_out|authors|all]
                                          [--no-model]
    .venv/bin/python bench/triage_eval.py --file new_batch.jsonl   # a new batch's first score

Every set in corpus/triage has been read, tuned for or trained on (see its manifest): their
figures are regression guards, not estimates. The honest figure for unseen writers is the
first score of a new batch (``--file``, once, before anyone reads it) and the
leave-one-author-out scores of ``bench/train_triage_model.py --by-author``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.triage.eval_set import (
    AUTHOR_BATCHES,
    CRITICAL_PROBE,
    HELD_OUT_SETS,
    MUNDANE_PROBE,
    MUNDANE_PROBE_2,
    PRECISION_PROBE,
    TUNING,
    Labelled,
)
from triage import assess, model

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
            f"critical recall {subset.critical_recall:.3f}, "
            f"precision {subset.critical_precision:.3f}"
        )
    if show_misses:
        for (language, expected, text), predicted in scores.misses:
            print(f"  MISS [{language}] expected {expected}, got {predicted}: {text}")
    return scores


def read_jsonl(path: Path) -> list[Labelled]:
    """A batch in the corpus/triage format: one {"language", "priority", "text"} a line."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append((row["language"], row["priority"], row["text"]))
    return rows


def _probes(*, show_misses: bool) -> None:
    # Everyday messages, all "low", never trained on; tests keep them low.
    for name, probe in (("mundane probe", MUNDANE_PROBE), ("mundane probe 2", MUNDANE_PROBE_2)):
        raised = [(text, assess(text).priority.value) for _, _, text in probe]
        print(
            f"\n== {name}: {len(raised)} everyday messages (never trained on), "
            + ", ".join(f"{level} {sum(p == level for _, p in raised)}" for level in LEVELS)
        )
        if show_misses:
            for text, predicted in raised:
                if predicted != "low":
                    print(f"  RAISED to {predicted}: {text}")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every misclassified report")
    parser.add_argument("--set", choices=("tuning", "held_out", "authors", "all"), default="all")
    parser.add_argument("--file", type=Path, help="score this JSONL batch only")
    parser.add_argument(
        "--no-model", action="store_true", help="score the lexicon alone (no learned backstop)"
    )
    args = parser.parse_args()
    if args.no_model:
        off = model.Weights({}, (0.0, 0.0), 1.0, float("inf"), float("inf"))
        model.shipped = lambda: off  # type: ignore[method-assign, assignment]
        print("learned backstop OFF: the lexicon alone")
    results = []
    if args.file is not None:
        results.append(report(str(args.file), read_jsonl(args.file), show_misses=args.misses))
    else:
        if args.set in ("tuning", "all"):
            name = "tuning set (tuned and trained on: a regression guard)"
            results.append(report(name, TUNING, show_misses=args.misses))
        if args.set in ("held_out", "all"):
            # Each was scored once (first scores in corpus/triage/manifest.json), then tuned for;
            # 1-9 are trained on, 10-12 never.
            for set_name, labelled in HELD_OUT_SETS.items():
                name = f"{set_name} (scored once, then tuned for: a regression guard)"
                results.append(report(name, labelled, show_misses=args.misses))
        if args.set in ("authors", "all"):
            for set_name, labelled in AUTHOR_BATCHES.items():
                name = f"{set_name} (independent author, now trained on: a regression guard)"
                results.append(report(name, labelled, show_misses=args.misses))
        if args.set in ("held_out", "all"):
            _probes(show_misses=args.misses)
    ok = all(r.meets_targets for r in results)
    print("\ntargets met" if ok else "\nTARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
