"""Deciding whether two reports are about the same household (pure part)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from triage.duplicates import ReportPlace, address_key, distance_m, duplicate_basis

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("충남 서산시 대산읍 대산리 123-4번지", "대산읍대산리 123-4"),
        ("충청남도 서산시 읍내동 45", "서산시 읍내동 45"),
        ("서산시 중앙로 12, 301호", "중앙로 12 301호"),
    ],
)
def test_the_same_address_written_differently_gives_one_key(a: str, b: str) -> None:
    assert address_key(a) == address_key(b) is not None


@pytest.mark.parametrize("vague", ["옆집", "시장 근처", "우리 아파트", "", None, "1"])
def test_vague_places_have_no_key(vague: str | None) -> None:
    assert address_key(vague) is None


def test_a_market_named_after_its_dong_keeps_its_name() -> None:
    assert address_key("읍내동시장 3번 가게") == "읍내동시장3가게"


def test_distance_is_in_metres() -> None:
    assert 25 < distance_m(36.7848, 126.4503, 36.78507, 126.4503) < 35


def _place(text: str = "", **fields: object) -> ReportPlace:
    return ReportPlace(text=text, created_at=fields.pop("at", T0), **fields)  # type: ignore[arg-type]


def test_conflicting_addresses_win_over_identical_words() -> None:
    text = "할머니가 며칠째 식사를 못 하셨대요. 꼭 가봐 주세요"
    a = _place(text, address_key="읍내동45")
    b = _place(text, address_key="읍내동47")
    assert duplicate_basis(a, b) is None


def test_places_far_apart_are_different_households() -> None:
    text = "할머니가 며칠째 식사를 못 하셨대요. 꼭 가봐 주세요"
    a = _place(text, latitude=36.78, longitude=126.45)
    b = _place(text, latitude=36.80, longitude=126.45)
    assert duplicate_basis(a, b) is None


def test_similar_words_only_count_within_days() -> None:
    text = "시장 골목 끝 반지하 할머니가 며칠째 식사를 못 하셨대요"
    assert duplicate_basis(_place(text), _place(text + "!")) == "similar_text"
    later = _place(text, at=T0 + timedelta(days=5))
    assert duplicate_basis(later, _place(text)) is None


def test_short_look_alike_reports_are_not_linked() -> None:
    assert (
        duplicate_basis(_place("할머니가 쓰러지셨어요"), _place("할아버지가 쓰러지셨어요")) is None
    )
