"""Rendering staff pages: Jinja2 with autoescaping, the catalog as `_`, local times.

Report text is untrusted: templates print it with {{ }} (escaped) and never mark it safe.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.catalog import LANGUAGES, t
from bot.reasons import reason_label
from storage.access import can_manage_staff, can_manage_templates, can_read_audit
from storage.policy import DEFAULT_TIMEZONE
from storage.types import utcnow
from webhook.admin import labels
from webhook.admin.auth import CSRF_FIELD, PageAuth
from webhook.admin.evidence import evidence_words
from webhook.admin.language import pick_language

LANGUAGE_NAMES = {"ko": "한국어", "en": "English", "zh": "中文"}


@cache
def environment() -> Environment:
    """The template environment, built on first use (nothing is created at import)."""
    return Environment(
        loader=PackageLoader("webhook", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Translator:
    """`_("admin.queue.title")` in templates; `_.label("priority", "high")` for values."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return t(self.language, key, **values)

    def label(self, group: str, value: str | None) -> str:
        key = labels.label_key(group, value)
        if key is None:
            return value or ""
        return t(self.language, key)

    def reason(self, code: str) -> str:
        """A triage reason code in words ("no heating in cold weather"); unknown: the code."""
        return reason_label(self.language, code)

    def evidence(self, matched: str | None) -> str:
        """The words behind a reason: the report's quoted, the answers' named by source."""
        return evidence_words(matched, self)

    def duration(self, minutes: float | None) -> str:
        """ "2일 3시간", "45분": the two largest units, for SLA clocks and statistics."""
        if minutes is None:
            return "–"
        total = max(0, int(minutes))
        days, rest = divmod(total, 24 * 60)
        hours, mins = divmod(rest, 60)
        if days:
            parts = [self("admin.unit.days", n=days)]
            if hours:
                parts.append(self("admin.unit.hours", n=hours))
        elif hours:
            parts = [self("admin.unit.hours", n=hours)]
            if mins:
                parts.append(self("admin.unit.minutes", n=mins))
        else:
            parts = [self("admin.unit.minutes", n=mins)]
        return " ".join(parts)


class Clock:
    """Times as staff read them: in the deployment's time zone."""

    def __init__(self, zone: tzinfo, now: datetime) -> None:
        self.zone = zone
        self.now = now

    def __call__(self, moment: datetime | None, style: str = "minute") -> str:
        if moment is None:
            return ""
        local = moment.astimezone(self.zone)
        if style == "date":
            return local.strftime("%Y-%m-%d")
        if style == "time":
            return local.strftime("%H:%M")
        return local.strftime("%Y-%m-%d %H:%M")

    def iso(self, moment: datetime | None) -> str:
        return moment.isoformat() if moment is not None else ""

    def minutes_until(self, moment: datetime) -> float:
        return (moment - self.now).total_seconds() / 60


class Permissions:
    """What the page header and forms offer; the routes check the same rules again."""

    def __init__(self, auth: PageAuth | None) -> None:
        staff = auth.staff if auth else None
        self.audit = bool(staff and can_read_audit(staff))
        self.templates = bool(staff and can_manage_templates(staff))
        self.staff = bool(staff and can_manage_staff(staff))


def in_simulator_mode(request: Request) -> bool:
    """Whether this sagak plays Telegram itself (every page then says so, in a banner)."""
    runtime = getattr(request.app.state, "runtime", None)
    return getattr(runtime, "simulator", None) is not None


def render(
    request: Request,
    auth: PageAuth | None,
    name: str,
    *,
    status: int = 200,
    language: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page template with the shared context (language, CSRF token, permissions)."""
    html = render_fragment(request, auth, name, language=language, **context)
    return HTMLResponse(html, status_code=status)


def render_fragment(
    request: Request,
    auth: PageAuth | None,
    name: str,
    *,
    language: str | None = None,
    **context: Any,
) -> str:
    """A template (a page, or a part of one a script puts in place) with the shared context."""
    lang = auth.language if auth else (language or pick_language(request, None))
    zone = auth.zone if auth else ZoneInfo(DEFAULT_TIMEZONE)
    values: dict[str, Any] = {
        "_": Translator(lang),
        "lang": lang,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "me": auth.staff if auth else None,
        "csrf": auth.csrf if auth else "",
        "csrf_field": CSRF_FIELD,
        "can": Permissions(auth),
        "clock": Clock(zone, utcnow()),
        "path": request.url.path,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "nav": "",
        "simulator": in_simulator_mode(request),
        **context,
    }
    return environment().get_template(f"admin/{name}").render(values)
