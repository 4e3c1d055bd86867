"""A text longer than one Telegram message is read in overlapping windows (triage.windows)."""

from __future__ import annotations

import itertools

from triage import Priority, assess
from triage.windows import MAX_CHARS, OVERLAP, SLACK, spans

# Everyday Korean with nothing to worry about: "I went to the market this morning."
CALM = "오늘 아침에 시장에 다녀왔어요. "
NOT_SEEN = "옆집 할아버지가 며칠째 안 보이세요. "  # high alone
MAIL = "문 앞에 우편물이 잔뜩 쌓여 있어요. "  # normal alone; with NOT_SEEN a possible death


def calm(length: int) -> str:
    return (CALM * (length // len(CALM) + 1))[:length]


def test_a_short_text_is_one_window() -> None:
    assert list(spans(calm(MAX_CHARS))) == [(0, MAX_CHARS)]


def test_windows_are_no_longer_than_a_message_and_overlap_by_a_paragraph() -> None:
    text = calm(50_000)
    windows = list(spans(text))
    assert windows[0][0] == 0
    assert windows[-1][1] == len(text)
    assert all(end - start <= MAX_CHARS for start, end in windows)
    for (_, end), (start, _) in itertools.pairwise(windows):
        assert end - start >= OVERLAP - SLACK


def test_danger_in_the_last_paragraph_of_a_very_long_text_is_found() -> None:
    text = calm(100_000) + "\n옆집 할아버지가 죽고 싶다고 하셨어요"
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    assert result.imminent_danger
    assert [r.code for r in result.reasons if r.imminent] == ["suicide_risk"]


def test_signs_a_paragraph_apart_are_combined_across_a_window_edge() -> None:
    # The two signs sit either side of where the first window ends.
    text = calm(MAX_CHARS - 200) + NOT_SEEN + calm(200) + MAIL + calm(6_000)
    _, first_end = next(spans(text))
    assert NOT_SEEN in text[:first_end]
    assert MAIL not in text[:first_end]
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    assert result.reasons[0].code == "possible_death"


def test_no_word_is_split_at_a_window_edge() -> None:
    # Cut inside a word, "skills" could read as "kills" at the next window's start.
    text = "skills " * 3_000
    assert len(text) > MAX_CHARS
    assert all(text[start:].startswith("skills") for start, _ in spans(text))
    assert assess(text).reasons == ()


def test_the_most_dangerous_window_decides_and_every_windows_reasons_are_kept() -> None:
    text = "할머니가 혼자 사세요. " + calm(10_000) + " 할아버지가 죽고 싶다고 하셨어요"
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    codes = [r.code for r in result.reasons]
    assert codes[0] == "suicide_risk"
    assert "elderly_alone" in codes
