"""Triage meets its targets on the labelled reports (bench/triage_eval.py prints the detail)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.triage_eval import TARGET_ACCURACY, TARGET_PRECISION, TARGET_RECALL, score
from tests.triage.eval_set import (
    HELD_OUT,
    HELD_OUT_2,
    HELD_OUT_3,
    HELD_OUT_4,
    HELD_OUT_5,
    TUNING,
)

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT_ALL = HELD_OUT + HELD_OUT_2 + HELD_OUT_3 + HELD_OUT_4
_TRADITIONAL_ONLY = re.compile(r"[們這說對還沒裡們聽藥個鄰獨]")


def test_the_evaluation_set_is_large_varied_and_hard() -> None:
    assert len(TUNING) >= 200
    assert sum(1 for _, label, _ in TUNING if label == "critical") >= 40
    assert {language for language, _, _ in TUNING} == {"ko", "en", "zh"}
    assert any(_TRADITIONAL_ONLY.search(text) for language, _, text in TUNING if language == "zh")
    assert all(label in ("critical", "high", "normal", "low") for _, label, _ in TUNING)
    texts = [text for _, _, text in TUNING + HELD_OUT_ALL + HELD_OUT_5]
    assert len(texts) == len(set(texts)), "a report appears twice"


def test_tuning_set_meets_the_targets() -> None:
    result = score(TUNING)
    assert result.critical_recall >= TARGET_RECALL
    assert result.critical_precision >= TARGET_PRECISION
    assert result.accuracy >= TARGET_ACCURACY


def test_held_out_reports_do_not_regress() -> None:
    # Every held-out set has been seen once (see eval_set.py); this pins what they show now
    # so a change to the rules that loses ground is noticed.
    result = score(HELD_OUT_ALL)
    assert result.critical_precision >= TARGET_PRECISION
    assert result.accuracy >= TARGET_ACCURACY
    assert result.critical_recall >= 0.9


def test_reports_never_tuned_on_keep_precision_and_accuracy() -> None:
    # The clean estimate misses the critical-recall target (0.81 when written; see
    # docs/triage.md); this guards what it does meet, and recall from falling further.
    result = score(HELD_OUT_5)
    assert result.critical_precision >= TARGET_PRECISION
    assert result.accuracy >= TARGET_ACCURACY
    assert result.critical_recall >= 0.8


def test_the_evaluation_script_prints_the_confusion_matrix() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "triage_eval.py"), "--set", "tuning"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "expected \\ predicted" in run.stdout
    assert "critical recall" in run.stdout
