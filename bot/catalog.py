"""Message catalogs: every user-facing string, in Korean, English and Chinese.

Each language is a folder, bot/locales/<language>/, of JSON files that are merged; keys are
namespaced by their file's subject ("report.receipt", "admin.queue.title"), so features can
keep their strings in their own file.
"""

from __future__ import annotations

import json
import string
from functools import cache
from importlib import resources

LANGUAGES = ("ko", "en", "zh")
DEFAULT_LANGUAGE = "ko"


@cache
def catalog(language: str) -> dict[str, str]:
    """The strings of one language, loaded once from bot/locales/<language>/*.json."""
    merged: dict[str, str] = {}
    folder = resources.files("bot").joinpath("locales", language)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data: dict[str, str] = json.loads(entry.read_text("utf-8"))
        clash = set(merged) & set(data)
        if clash:
            raise ValueError(f"catalog keys defined twice in {language}: {sorted(clash)}")
        merged.update(data)
    return merged


def language_for(code: str | None) -> str:
    """Map a Telegram language_code (e.g. 'en-US', 'zh-hant') to a catalog; Korean by default."""
    if not code:
        return DEFAULT_LANGUAGE
    prefix = code.split("-")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE


# Korean particles that change with the word before them: (after a final consonant, after a
# vowel). A catalog writes `{result:을}` and gets 을 or 를 to agree with the value.
PARTICLES = {
    p: pair for pair in (("을", "를"), ("이", "가"), ("은", "는"), ("으로", "로")) for p in pair
}
# How a final digit is read (영 일 이 삼 사 오 육 칠 팔 구): 0/3/6 end in a consonant, 1/7/8 in ㄹ.
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
_RIEUL = 8  # ㄹ as a final consonant: takes 로, not 으로


def _final(word: str) -> int | None:
    """The final consonant (jongseong index, 0 = none) of the last readable character."""
    char = word.strip().rstrip("'\"’”)」』 .")[-1:]
    if "가" <= char <= "힣":
        return (ord(char) - 0xAC00) % 28
    # A Latin letter or symbol: Korean readers say it many ways, so no rule applies.
    return _DIGIT_FINAL.get(char)


def particle(word: str, form: str) -> str:
    """`word` with the Korean particle `form` (any of its two spellings) that agrees with it:
    ("결과", "을") → "결과를", ("서울", "으로") → "서울로", ("3", "이") → "3이"."""
    consonant, vowel = PARTICLES[form]
    final = _final(word)
    if final is None:  # unreadable ending (Latin, symbols): both spellings, as Korean writes
        return word + ("(으)로" if consonant == "으로" else f"{consonant}({vowel})")
    if consonant == "으로":
        return word + ("로" if final in (0, _RIEUL) else "으로")
    return word + (vowel if final == 0 else consonant)


class _Formatter(string.Formatter):
    """str.format, plus `{name:을}`: the value followed by the particle that agrees with it;
    `{name:'을}` quotes the value first ('도움이 필요함'을), the particle after the quote."""

    def format_field(self, value: object, format_spec: str) -> str:
        quote, form = format_spec[:1], format_spec[1:]
        if format_spec in PARTICLES:
            return particle(format(value), format_spec)
        if quote in ("'", '"') and form in PARTICLES:
            return particle(f"{quote}{value}{quote}", form)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def t(language: str, key: str, **values: object) -> str:
    """The text for `key` in `language`, with {placeholders} filled in."""
    template = catalog(language if language in LANGUAGES else DEFAULT_LANGUAGE)[key]
    return _FORMATTER.format(template, **values) if values else template


def for_channel(language: str, key: str, channel: str) -> str:
    """The key of this message's wording for a channel (`key.<channel>`), where the usual
    wording names something the channel lacks (KakaoTalk has no location button)."""
    variant = f"{key}.{channel}"
    return (
        variant
        if variant in catalog(language if language in LANGUAGES else DEFAULT_LANGUAGE)
        else key
    )


def all_translations(key: str) -> set[str]:
    """Every language's text for a key: used to recognise button presses."""
    return {catalog(language)[key] for language in LANGUAGES}
