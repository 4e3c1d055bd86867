"""Which language a staff page is in: the staff member's choice, else the browser's."""

from __future__ import annotations

from fastapi import Request

from bot.catalog import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_COOKIE = "sagak_lang"


def _accepted(header: str) -> list[str]:
    """Languages from an Accept-Language header, most preferred first."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag.split("-")[0].lower()))
    return [tag for _, _, tag in sorted(ranked)]


def pick_language(request: Request, preference: str | None) -> str:
    """Staff preference, then the language cookie, then Accept-Language; Korean by default."""
    if preference in LANGUAGES:
        return str(preference)
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return str(cookie)
    for tag in _accepted(request.headers.get("accept-language", "")):
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE
