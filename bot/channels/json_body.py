"""A channel's request body as JSON that every database can store: one reader for all
channels.

A platform sends UTF-8 JSON objects; anything else is refused before it is stored. Text
is cleaned here, once: NUL (PostgreSQL refuses it) is removed and lone surrogates (no
encoding can store them) become U+FFFD. Deep nesting, integers beyond 64 bits and
non-finite numbers are refused, so the worker never meets a body it cannot read.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Ids, dates and sizes fit a signed 64-bit integer (BIGINT).
INT64 = 2**63 - 1
# Platforms nest a few levels; an attacker's 5,000 levels would exhaust the parser's stack.
MAX_DEPTH = 32

_SURROGATE = re.compile("[\ud800-\udfff]")


class UnreadableBody(ValueError):
    """The body is not JSON any platform sends; the message says what is wrong."""


def read_object(body: bytes) -> dict[str, Any]:
    """The body as a cleaned JSON object; UnreadableBody otherwise."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableBody("body is not UTF-8") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise UnreadableBody(f"body is nested deeper than {MAX_DEPTH} levels") from None
    except UnreadableBody:
        raise
    except ValueError:
        raise UnreadableBody("body is not JSON") from None
    if not isinstance(data, dict):
        raise UnreadableBody("body is not a JSON object")
    cleaned: dict[str, Any] = clean(data, "", 1)
    return cleaned


def clean(value: Any, path: str, depth: int) -> Any:
    """Clean every string; refuse deep nesting, integers beyond 64 bits, non-finite numbers."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict | list) and depth > MAX_DEPTH:
        raise UnreadableBody(f"body is nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        return {
            clean_text(key): clean(item, f"{path}.{key}", depth + 1) for key, item in value.items()
        }
    if isinstance(value, list):
        return [clean(item, path, depth + 1) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if not -INT64 - 1 <= value <= INT64:
            raise UnreadableBody(f"{path.lstrip('.') or 'a number'} is outside 64-bit range")
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise UnreadableBody(f"{path.lstrip('.')} is not a finite number")
    return value


def clean_text(text: str) -> str:
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _no_constant(name: str) -> Any:
    raise UnreadableBody(f"{name} is not a JSON number")
