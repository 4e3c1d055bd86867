"""A flood of look-alike reports: each new one costs what the tenth did (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from storage import cases, duplicates
from tests.storage.reports import load, report
from triage import assess

REPORT = (
    "대산읍 주공아파트 앞에 할머니 한 분이 며칠째 같은 옷으로 앉아 계세요. "
    "식사를 못 하시는 것 같아요."
)


@pytest.fixture
def assessed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text the household re-assessment reads."""
    lengths: list[int] = []

    def counting(text: str, **kwargs: Any) -> Any:
        lengths.append(len(text))
        return assess(text, **kwargs)

    monkeypatch.setattr(cases, "assess", counting)
    return lengths


def test_copies_of_one_report_are_read_once_by_the_household(
    engine: Engine, assessed: list[int]
) -> None:
    first = report(engine, 1, REPORT)
    for user in range(2, 5):
        report(engine, user, REPORT)
    third_copy = assessed[-1]
    for user in range(5, 30):
        report(engine, user, REPORT)
    assert assessed[-1] == third_copy  # the 29th copy reads no more than the 4th
    assert load(engine, first).reporters_count == 29  # every reporter still counts


def test_a_household_reads_a_bounded_number_of_look_alikes(
    engine: Engine, assessed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(duplicates, "HOUSEHOLD_MEMBERS_READ", 5)
    first = report(engine, 1, REPORT)
    for user in range(2, 10):
        report(engine, user, f"{REPORT} ({user}번째 연락)")
    ninth = assessed[-1]
    for user in range(10, 25):
        report(engine, user, f"{REPORT} ({user}번째 연락)")
    assert assessed[-1] <= ninth + 10  # one or two digits longer, not fifteen reports longer
    assert load(engine, first).reporters_count == 24
