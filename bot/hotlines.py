"""Emergency numbers: which ones a deployment gives, and in what order for a situation.

SAGAK_HOTLINES is a comma-separated list. A number sagak knows (112, 119, 109, 129, 1366,
1388, 1577-1389) is labelled from the catalogs in the reporter's language; any other entry
is written `NUMBER=label` and shown with that label in every language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.catalog import t

DEFAULT_HOTLINES = "112,119,109,129"

# Korean hotlines and their catalog labels (keys cannot hold digits, hence the names).
_KNOWN_LABELS = {
    "112": "hotline.police",
    "119": "hotline.fire",
    "109": "hotline.suicide",
    "129": "hotline.welfare",
    "1366": "hotline.women",
    "1388": "hotline.youth",
    "1577-1389": "hotline.elder_abuse",
}

# Short labels for the one line of numbers every receipt carries.
_SHORT_LABELS = {
    "112": "hotline_short.police",
    "119": "hotline_short.fire",
    "109": "hotline_short.suicide",
    "129": "hotline_short.welfare",
    "1366": "hotline_short.women",
    "1388": "hotline_short.youth",
    "1577-1389": "hotline_short.elder_abuse",
}

# The number to call first for each imminent reason triage gives; the rest keep their order.
_FIRST_FOR_REASON = {
    "suicide_means": ("119", "109"),
    "suicide_risk": ("109", "119"),
    "possible_death": ("119", "112"),
    "collapse": ("119",),
    "fire": ("119",),
    "violence": ("112", "1366"),
    "child_abuse": ("112", "1388"),
    # The reporter's own word (storage.life_at_risk): a writer in crisis, a "yes".
    "self_crisis": ("109", "119"),
    "reporter_says_danger": ("119", "112"),
}

_NUMBER = re.compile(r"\+?[0-9][0-9-]{1,19}")


@dataclass(frozen=True)
class Hotline:
    number: str
    label: str | None = None  # None: labelled from the catalogs

    def describe(self, language: str) -> str:
        label = self.label or t(language, _KNOWN_LABELS[self.number])
        return f"• {self.number} {label}"

    def short(self, language: str) -> str:
        label = self.label or t(language, _SHORT_LABELS[self.number])
        return f"{self.number} {label}"


def parse_hotlines(value: str | None) -> tuple[Hotline, ...]:
    """Read SAGAK_HOTLINES; raises ValueError with a readable message when it is wrong."""
    entries = [part.strip() for part in (value or DEFAULT_HOTLINES).split(",") if part.strip()]
    if not entries:
        raise ValueError("SAGAK_HOTLINES lists no number")
    hotlines: list[Hotline] = []
    for entry in entries:
        number, has_label, label = (part.strip() for part in entry.partition("="))
        if not _NUMBER.fullmatch(number):
            raise ValueError(f"SAGAK_HOTLINES: {number!r} is not a phone number")
        if has_label and not label:
            raise ValueError(f"SAGAK_HOTLINES: {entry!r} has an empty label")
        if not has_label and number not in _KNOWN_LABELS:
            raise ValueError(f"SAGAK_HOTLINES: {number!r} needs a label, e.g. {number}=Crisis line")
        hotlines.append(Hotline(number, label or None))
    return tuple(hotlines)


def for_situation(hotlines: Iterable[Hotline], reason_codes: Iterable[str]) -> list[Hotline]:
    """The configured numbers, the ones that fit the reasons first."""
    ordered = list(hotlines)
    first: list[str] = []
    for code in reason_codes:
        first += [n for n in _FIRST_FOR_REASON.get(code, ()) if n not in first]
    rank = {number: position for position, number in enumerate(first)}
    return sorted(ordered, key=lambda h: rank.get(h.number, len(rank)))


def describe(language: str, hotlines: Iterable[Hotline]) -> str:
    """One line per number, in the reporter's language."""
    return "\n".join(hotline.describe(language) for hotline in hotlines)


def one_line(language: str, hotlines: Iterable[Hotline]) -> str:
    """Every number on one line ("112 police · 119 ambulance, fire · ..."), for receipts."""
    return " · ".join(hotline.short(language) for hotline in hotlines)
