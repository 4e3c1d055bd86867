"""Message catalogs: every user-facing string, in Korean, English and Chinese.

Each language is a folder, bot/locales/<language>/, of JSON files that are merged; keys are
namespaced by their file's subject ("report.receipt", "admin.queue.title"), so features can
keep their strings in their own file.
"""

from __future__ import annotations

import json
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


def t(language: str, key: str, **values: object) -> str:
    """The text for `key` in `language`, with {placeholders} filled in."""
    template = catalog(language if language in LANGUAGES else DEFAULT_LANGUAGE)[key]
    return template.format(**values) if values else template


def all_translations(key: str) -> set[str]:
    """Every language's text for a key: used to recognise button presses."""
    return {catalog(language)[key] for language in LANGUAGES}
