"""GET /healthz: 200 when the database answers."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from webhook.deps import RuntimeDep

router = APIRouter()


@router.get("/healthz")
async def healthz(runtime: RuntimeDep) -> JSONResponse:
    def ping() -> None:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        await asyncio.to_thread(ping)
    except Exception:
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "telegram": runtime.settings.telegram_enabled})
