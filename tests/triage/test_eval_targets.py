"""Triage meets its targets on the labelled reports (bench/triage_eval.py prints the detail)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.triage_eval import TARGET_ACCURACY, TARGET_PRECISION, TARGET_RECALL, score
from tests.triage.eval_set import (
    CRITICAL_PROBE,
    HELD_OUT_6,
    HELD_OUT_8,
    HELD_OUT_9,
    HELD_OUT_10,
    HELD_OUT_11,
    HELD_OUT_12,
    HELD_OUT_SETS,
    MUNDANE_PROBE,
    MUNDANE_PROBE_2,
    PRECISION_PROBE,
    TUNING,
    Labelled,
)
from triage import assess

ROOT = Path(__file__).resolve().parents[2]
# Held-out sets that have been scored and then used to fix the kinds of wording they missed:
# every one in eval_set.HELD_OUT_SETS (10-12 were tuned for but never trained on; their
# first scores, taken before their misses were read, are in docs/triage.md).
HELD_OUT_SEEN = HELD_OUT_SETS
HELD_OUT_ALL = [entry for labelled in HELD_OUT_SEEN.values() for entry in labelled]
# Everyday messages, all "low": scored once, then used to tune the patterns (never trained on).
MUNDANE_PROBES = {"mundane_probe": MUNDANE_PROBE, "mundane_probe_2": MUNDANE_PROBE_2}
_TRADITIONAL_ONLY = re.compile(r"[們這說對還沒裡們聽藥個鄰獨]")


def test_the_evaluation_set_is_large_varied_and_hard() -> None:
    assert len(TUNING) >= 200
    assert sum(1 for _, label, _ in TUNING if label == "critical") >= 40
    assert {language for language, _, _ in TUNING} == {"ko", "en", "zh"}
    assert any(_TRADITIONAL_ONLY.search(text) for language, _, text in TUNING if language == "zh")
    assert all(label in ("critical", "high", "normal", "low") for _, label, _ in TUNING)
    assert len(HELD_OUT_6) >= 120
    assert len(HELD_OUT_8) >= 90
    assert len(HELD_OUT_9) >= 60
    assert len(HELD_OUT_10) >= 120
    assert sum(1 for _, label, _ in HELD_OUT_10 if label == "critical") >= 40
    assert {label for _, label, _ in HELD_OUT_10} == {"critical", "high", "normal", "low"}
    assert len(HELD_OUT_11) >= 60
    assert len(HELD_OUT_12) >= 120
    assert sum(1 for _, label, _ in HELD_OUT_12 if label == "low") >= 35
    assert {language for language, _, _ in HELD_OUT_12} == {"ko", "en", "zh"}
    assert len(MUNDANE_PROBE_2) >= 40
    probes = [entry for probe in MUNDANE_PROBES.values() for entry in probe]
    assert all(label == "low" for _, label, _ in probes)
    # Round 12's probes (measured, never trained or tuned on; scores in docs/triage.md).
    assert len(PRECISION_PROBE) >= 90
    assert {label for _, label, _ in PRECISION_PROBE} == {"high", "normal", "low"}
    assert len(CRITICAL_PROBE) >= 40
    assert {label for _, label, _ in CRITICAL_PROBE} == {"critical"}
    for probe in (PRECISION_PROBE, CRITICAL_PROBE):
        assert {language for language, _, _ in probe} == {"ko", "en", "zh"}
    probes += PRECISION_PROBE + CRITICAL_PROBE
    texts = [text for _, _, text in TUNING + HELD_OUT_ALL + probes]
    assert len(texts) == len(set(texts)), "a report appears twice"


def test_tuning_set_meets_the_targets() -> None:
    result = score(TUNING)
    assert result.critical_recall >= TARGET_RECALL
    assert result.critical_precision >= TARGET_PRECISION
    assert result.accuracy >= TARGET_ACCURACY


@pytest.mark.parametrize("labelled", HELD_OUT_SEEN.values(), ids=HELD_OUT_SEEN.keys())
def test_each_held_out_set_meets_the_targets(labelled: list[Labelled]) -> None:
    # Every one of these has been seen once and then tuned for (see eval_set.py); they pin
    # the targets so a change to the rules that loses ground is noticed.
    result = score(labelled)
    assert result.critical_recall >= TARGET_RECALL
    assert result.critical_precision >= TARGET_PRECISION
    assert result.accuracy >= TARGET_ACCURACY


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


@pytest.mark.parametrize("probe", MUNDANE_PROBES.values(), ids=MUNDANE_PROBES.keys())
def test_everyday_messages_stay_low(probe: list[Labelled]) -> None:
    # Questions, thanks, greetings, an address alone, a volunteer's "nothing to report",
    # complaints about the building: none pages staff, and none asks for a visit.
    raised = [(text, assess(text).priority.value) for _, _, text in probe]
    assert not [text for text, level in raised if level == "critical"]
    assert [text for text, level in raised if level != "low"] == []
