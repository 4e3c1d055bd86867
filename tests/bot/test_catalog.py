"""Every user-facing string exists in Korean, English and Chinese, and every key is used."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from bot.catalog import LANGUAGES, catalog, language_for, particle, t
from bot.hotlines import describe, parse_hotlines

ROOT = Path(__file__).resolve().parents[2]
CODE_FOLDERS = ("bot", "webhook", "storage", "triage")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    korean = catalog("ko")
    for language in LANGUAGES:
        texts = catalog(language)
        assert set(texts) == set(korean), language
        for key, template in texts.items():
            assert template.strip(), (language, key)
            assert _fields(template) == _fields(korean[key]), (language, key)


def test_every_key_is_used_by_the_code() -> None:
    files = [
        path
        for folder in CODE_FOLDERS
        for pattern in ("*.py", "*.html", "*.js")
        for path in (ROOT / folder).rglob(pattern)
    ]
    code = "\n".join(path.read_text("utf-8") for path in files)
    used = set(re.findall(r"""["']([a-z_]+(?:\.[a-z_]+)*)["']""", code))
    unused = set(catalog("ko")) - used
    assert not unused, f"catalog keys no code uses: {sorted(unused)}"


@pytest.mark.parametrize(
    ("code", "language"),
    [(None, "ko"), ("ko", "ko"), ("en-GB", "en"), ("zh-hant", "zh"), ("ZH", "zh"), ("ja", "ko")],
)
def test_telegram_language_code_picks_a_catalog(code: str | None, language: str) -> None:
    assert language_for(code) == language


def test_emergency_numbers_are_in_every_language() -> None:
    hotlines = describe("ko", parse_hotlines(None))
    for language in LANGUAGES:
        text = t(language, "emergency.numbers", hotlines=describe(language, parse_hotlines(None)))
        assert all(number in text for number in ("112", "119", "109", "129")), language
    assert "자살예방" in hotlines


def test_every_language_has_the_same_catalog_files() -> None:
    folders = {language: ROOT / "bot" / "locales" / language for language in LANGUAGES}
    names = {
        language: sorted(p.name for p in folder.glob("*.json"))
        for language, folder in folders.items()
    }
    assert names["en"] == names["ko"] and names["zh"] == names["ko"]
    for name in names["ko"]:
        keys = {
            language: set(json.loads((folder / name).read_text("utf-8")))
            for language, folder in folders.items()
        }
        assert keys["en"] == keys["ko"] and keys["zh"] == keys["ko"], name


@pytest.mark.parametrize(
    ("word", "form", "expected"),
    [
        ("결과", "을", "결과를"),
        ("도움이 필요함", "를", "도움이 필요함을"),
        ("서울", "으로", "서울로"),  # ㄹ-final takes 로
        ("집", "로", "집으로"),
        ("담당자", "이", "담당자가"),
        ("사례", "은", "사례는"),
        ("#12", "이", "#12가"),  # read 십이
        ("#3", "가", "#3이"),  # read 삼
        ("#7", "으로", "#7로"),  # read 칠
        ("ABC", "을", "ABC을(를)"),  # no reading rule: both spellings
    ],
)
def test_korean_particles_agree_with_the_word_before_them(
    word: str, form: str, expected: str
) -> None:
    assert particle(word, form) == expected


def test_a_volunteer_reads_the_particle_that_fits_their_visit_result() -> None:
    for key in ("visit.result_fine", "visit.result_needs_help", "visit.result_no_answer"):
        result = t("ko", key)  # each ends in a consonant (괜찮으심, 필요함, 없음): 을, never 를
        text = t("ko", "visit.reported", number=4, result=result)
        assert f"결과 '{result}'을 담당자에게" in text
    reminder = t("ko", "visit.reminder", number=12, details="")
    assert reminder.startswith("⏰ 아직 답이 없는 방문 요청 #12가 있습니다")
