"""Regression guards on the labelled reports (bench/triage_eval.py prints the detail).

Every set in corpus/triage has been read and tuned for, and most are trained on: that triage
meets the targets on them says only that a change has not lost ground. It is not the
accuracy figure. The honest figures are the first scores of unseen batches
(corpus/triage/manifest.json) and the leave-one-author-out scores of
``bench/train_triage_model.py --by-author`` (docs/triage.md).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.triage_eval import TARGET_ACCURACY, TARGET_PRECISION, TARGET_RECALL, score
from tests.triage.eval_set import (
    AUTHOR_BATCHES,
    AUTHORS,
    CRITICAL_PROBE,
    DATA,
    HELD_OUT_6,
    HELD_OUT_8,
    HELD_OUT_9,
    HELD_OUT_10,
    HELD_OUT_11,
    HELD_OUT_12,
    HELD_OUT_SETS,
    MANIFEST,
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


def test_the_labelled_reports_are_jsonl_data_with_a_manifest_of_first_scores() -> None:
    files = {item["file"] for item in MANIFEST["sets"]}
    assert files == {path.name for path in DATA.glob("*.jsonl")}
    for item in MANIFEST["sets"]:
        for line in (DATA / item["file"]).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert set(row) == {"language", "priority", "text", "author"}
            assert row["author"] == item["author"]
        if item["kind"] in ("held_out", "batch", "unseen"):
            assert item["first_scores"], f"{item['name']} has no first score"
    # Independent authors besides the project's own engineers, each scored once first.
    assert len(set(AUTHORS.values())) >= 3
    assert AUTHOR_BATCHES
    assert not (ROOT / "tests" / "triage" / "eval_set.json").exists()


def test_regression_guard_tuning_set() -> None:
    result = score(TUNING)
    assert result.critical_recall >= TARGET_RECALL
    assert result.critical_precision >= TARGET_PRECISION
    assert result.accuracy >= TARGET_ACCURACY


@pytest.mark.parametrize("labelled", HELD_OUT_SEEN.values(), ids=HELD_OUT_SEEN.keys())
def test_regression_guard_held_out_set(labelled: list[Labelled]) -> None:
    # Every one of these has been seen once and then tuned for (first scores in the
    # manifest); they pin the targets so a change to the rules that loses ground is noticed.
    result = score(labelled)
    assert result.critical_recall >= TARGET_RECALL
    assert result.critical_precision >= TARGET_PRECISION
    assert result.accuracy >= TARGET_ACCURACY


@pytest.mark.parametrize("labelled", AUTHOR_BATCHES.values(), ids=AUTHOR_BATCHES.keys())
def test_regression_guard_author_batch(labelled: list[Labelled]) -> None:
    # Batches by independent authors, scored once by the lead before anyone read them (first
    # scores in the manifest), then trained on: a guard. teen, shop and counsellor were
    # sealed until round 1 of issue 11 was scored on them; guards since round 2. Critical
    # recall holds in every language; precision is guarded overall (English migrant reports
    # are at 0.79: a past beating and a neighbour gone quiet with her mailbox full read as
    # critical).
    result = score(labelled)
    assert result.critical_recall >= TARGET_RECALL
    assert result.critical_precision >= TARGET_PRECISION
    assert result.accuracy >= TARGET_ACCURACY
    for language in ("ko", "en", "zh"):
        part = score([entry for entry in labelled if entry[0] == language])
        assert part.critical_recall >= TARGET_RECALL, language


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
