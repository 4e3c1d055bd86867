"""GET /healthz: 200 when the database answers; GET /healthz/details for monitoring."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from storage import inbox
from webhook.deps import RuntimeDep

router = APIRouter()
UNREACHABLE = {"status": "error", "database": "unreachable"}


@router.get("/healthz")
async def healthz(runtime: RuntimeDep) -> JSONResponse:
    """Exactly `{"status": "ok"}` while the database answers (what proxies and the public
    interface check); 503 otherwise."""

    def ping() -> None:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        await asyncio.to_thread(ping)
    except Exception:
        return JSONResponse(UNREACHABLE, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/healthz/details")
async def details(runtime: RuntimeDep) -> JSONResponse:
    """What a monitor alerts on: the Telegram channel, updates waiting and parked. Counts
    only, nothing personal, so it needs no sign-in (like /healthz)."""

    def counts() -> tuple[int, int]:
        return inbox.count_pending(runtime.engine), inbox.count_failed(runtime.engine)

    try:
        pending, failed = await asyncio.to_thread(counts)
    except Exception:
        return JSONResponse(UNREACHABLE, status_code=503)
    return JSONResponse(
        {
            "status": "ok",
            "telegram": runtime.settings.telegram.enabled,
            "simulator": runtime.simulator is not None,
            "inbox_pending": pending,
            "inbox_failed": failed,
        }
    )
