"""The floor for sagak's webhook: check the secret, parse with PTB, insert one row, answer 200.

Run by bench/run.py as
    python -m uvicorn bench.baseline_app:app --port P --log-level warning
with BENCH_BASELINE_DB (a fresh SQLite file) and BENCH_WEBHOOK_SECRET in the environment.
It does the least any durable webhook must do, with the same stack and SQLite pragmas as
sagak (storage/db.py), so the ratio sagak/baseline shows what sagak's extra work costs.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import BigInteger, Column, MetaData, Table, Text, create_engine, event
from sqlalchemy.dialects.sqlite import insert
from telegram import Update

DB_PATH = os.environ.get("BENCH_BASELINE_DB", "baseline.db")
SECRET = os.environ.get("BENCH_WEBHOOK_SECRET", "")
SECRET_HEADER = "x-telegram-bot-api-secret-token"

metadata = MetaData()
updates = Table(
    "updates",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("payload", Text, nullable=False),
)
engine = create_engine(
    f"sqlite:///{DB_PATH}", connect_args={"check_same_thread": False, "timeout": 30}
)


@event.listens_for(engine, "connect")
def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # as storage/db.py: durable before 200
    cursor.close()


def _store(update_id: int, payload: str) -> None:
    statement = insert(updates).values(update_id=update_id, payload=payload)
    with engine.begin() as connection:
        connection.execute(statement.on_conflict_do_nothing(index_elements=["update_id"]))


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    metadata.create_all(engine)
    yield
    engine.dispose()


app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/telegram/webhook")
async def webhook(request: Request) -> JSONResponse:
    given = request.headers.get(SECRET_HEADER, "")
    if not SECRET or not hmac.compare_digest(given.encode(), SECRET.encode()):
        return JSONResponse({"detail": "wrong secret"}, status_code=403)
    body = await request.body()
    try:
        update = Update.de_json(json.loads(body), None)
    except (ValueError, TypeError, KeyError):
        return JSONResponse({"detail": "not a Telegram update"}, status_code=400)
    await asyncio.to_thread(_store, update.update_id, body.decode("utf-8"))
    return JSONResponse({"ok": True})
