"""POST /telegram/webhook: check the secret, store the update durably, answer, process later."""

from __future__ import annotations

import asyncio
import hmac
import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.telegram_adapter import chat_id_of
from storage import inbox
from webhook.deps import RuntimeDep

router = APIRouter()
SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 (a header name)
MAX_UPDATE_BYTES = 1_000_000


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(request: Request, runtime: RuntimeDep) -> JSONResponse:
    secret = runtime.settings.webhook_secret
    given = request.headers.get(SECRET_HEADER)
    if given is None:
        return _error(401, "missing X-Telegram-Bot-Api-Secret-Token")
    if secret is None or not runtime.settings.telegram_enabled:
        return _error(403, "the Telegram channel is off on this server")
    if not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
        return _error(403, "wrong X-Telegram-Bot-Api-Secret-Token")
    body = await request.body()
    if len(body) > MAX_UPDATE_BYTES:
        return _error(413, "update too large")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "body is not JSON")
    update_id = data.get("update_id") if isinstance(data, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return _error(400, "body is not a Telegram update (no integer update_id)")
    runtime.ingest_in_flight += 1
    try:
        new = await asyncio.to_thread(
            inbox.store_update,
            runtime.engine,
            update_id=update_id,
            chat_id=chat_id_of(data),
            payload=body.decode("utf-8"),
        )
    finally:
        runtime.ingest_in_flight -= 1
    if new:
        runtime.update_stored()
    return JSONResponse({"ok": True})
