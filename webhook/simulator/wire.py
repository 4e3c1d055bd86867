"""The Bot API's request format, read as a Bot API server reads it.

python-telegram-bot POSTs `application/x-www-form-urlencoded` bodies (multipart when it
uploads a file): strings go verbatim, every other value (ints, bools, keyboards) as a JSON
string. `read_parameters` decodes them back, so `params["chat_id"]` is an int and
`params["reply_markup"]` a dict. The simulator's stand-in and the tests' fake Bot API server
both read requests here, so what PTB sends means the same thing to both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

# Parameters PTB sends as plain strings: never JSON-decoded, so a text "123" stays "123".
STRING_PARAMETERS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "file_id",
        "secret_token",
        "action",
        "title",
        "description",
        "question",
        "emoji",
        "query",
        "name",
        "business_connection_id",
        "message_effect_id",
        "ip_address",
        "language_code",
        "short_description",
    }
)


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request (e.g. `params["photo"]` for an uploaded photo)."""

    filename: str | None
    content: bytes


def decode(key: str, value: str) -> Any:
    """One form value as PTB meant it: a string parameter verbatim, anything else JSON."""
    if key in STRING_PARAMETERS or not value:
        return value
    if value[0] in "{[-0123456789" or value in ("true", "false", "null"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def read_parameters(request: Request) -> dict[str, Any]:
    """A Bot API call's parameters, from a JSON body, a form (with uploads) or the query."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.body()
        return dict(json.loads(body)) if body else {}
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        params: dict[str, Any] = {}
        async with request.form() as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    params[key] = Upload(value.filename, await value.read())
                else:
                    params[key] = decode(key, value)
        return params
    return {key: decode(key, value) for key, value in request.query_params.multi_items()}
