"""The FastAPI application: routes plus a lifespan that owns every long-lived part."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot.dispatcher import RateLimiter
from webhook import (
    admin,
    routes_api,
    routes_docs,
    routes_health,
    routes_queue,
    routes_telegram,
    routes_volunteers,
)
from webhook.runtime import running
from webhook.settings import Settings


def create_app(
    settings: Settings | None = None,
    *,
    limiter: RateLimiter | None = None,
    workers: bool = True,
) -> FastAPI:
    """Build the app; nothing starts until its lifespan runs. `limiter` replaces Telegram's
    pacing (tests keep the conversation quick; production always uses the default).
    `workers` False: web only (`sagak serve --no-workers`), `sagak worker` does the rest."""
    resolved = settings or Settings.load()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(resolved, limiter=limiter, workers=workers) as runtime:
            app.state.runtime = runtime
            yield

    # FastAPI's Swagger UI and ReDoc load scripts from a CDN: routes_docs draws /api/docs.
    app = FastAPI(title="sagak", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.include_router(routes_docs.router)
    app.include_router(routes_health.router)
    app.include_router(routes_telegram.router)
    app.include_router(routes_api.router)
    app.include_router(routes_volunteers.router)
    app.include_router(routes_queue.router)  # households: merge, split (issue 4)
    admin.install(app)  # staff pages under /admin, static files, security headers (issue 5)
    if resolved.simulator.enabled:
        # Only here and in the runtime is the simulator imported, and only in its mode
        # (pyproject.toml's import contract); its files are under /admin/static/simulator/.
        from webhook.simulator import routes as simulator_routes

        app.include_router(simulator_routes.router)
        app.include_router(simulator_routes.staff_router)  # the staff group: staff session only
    return app
