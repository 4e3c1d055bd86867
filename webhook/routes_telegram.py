"""POST /telegram/webhook: check the secret, store the update durably, answer, process later."""

from __future__ import annotations

import asyncio
import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.telegram_intake import BadUpdate, read_update
from storage import inbox
from webhook.deps import RuntimeDep

router = APIRouter()
SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 (a header name)
MAX_UPDATE_BYTES = 1_000_000


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(request: Request, runtime: RuntimeDep) -> JSONResponse:
    secret = runtime.settings.telegram.webhook_secret
    given = request.headers.get(SECRET_HEADER)
    if given is None:
        return _error(401, "missing X-Telegram-Bot-Api-Secret-Token")
    if secret is None or not runtime.settings.telegram.enabled:
        return _error(403, "the Telegram channel is off on this server")
    if not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
        return _error(403, "wrong X-Telegram-Bot-Api-Secret-Token")
    body = await _read_capped(request)
    if body is None:
        return _error(413, "update too large")
    try:
        # Checked and cleaned before anything is stored: see bot/telegram_intake.py.
        update = read_update(body)
    except BadUpdate as error:
        return _error(400, str(error))
    runtime.ingest_in_flight += 1
    try:
        new = await asyncio.to_thread(
            inbox.store_update,
            runtime.engine,
            update_id=update.update_id,
            chat_id=update.chat_id,
            payload=update.payload,
            ignored=update.ignored,
        )
    finally:
        runtime.ingest_in_flight -= 1
    if new and update.ignored is None:
        runtime.update_stored()
    return JSONResponse({"ok": True})


async def _read_capped(request: Request) -> bytes | None:
    """The body, or None once it passes MAX_UPDATE_BYTES (without reading the rest)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and (len(declared) > 9 or int(declared) > MAX_UPDATE_BYTES):
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPDATE_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
