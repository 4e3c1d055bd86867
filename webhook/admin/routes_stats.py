"""The statistics page (charts of the figures welfare teams report) and its CSV export."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from webhook.actions import views
from webhook.admin.auth import StaffPage
from webhook.admin.csv_export import csv_response
from webhook.admin.render import Translator, render
from webhook.admin.stats_view import (
    DEFAULT_WEEKS,
    WEEK_CHOICES,
    csv_rows,
    period,
    stats_page_context,
)
from webhook.deps import SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)


def _weeks(value: int) -> int:
    return value if value in WEEK_CHOICES else DEFAULT_WEEKS


@router.get("/stats", response_class=HTMLResponse)
def stats_page(
    request: Request, auth: StaffPage, session: SessionDep, weeks: int = DEFAULT_WEEKS
) -> HTMLResponse:
    weeks = _weeks(weeks)
    span = period(weeks, auth.zone)
    context = stats_page_context(session, auth.staff, Translator(auth.language), span)
    return render(
        request,
        auth,
        "stats.html",
        nav="stats",
        weeks=weeks,
        week_choices=WEEK_CHOICES,
        span=span,
        **context,
    )


@router.get("/stats.csv")
def stats_csv(
    auth: StaffPage, session: SessionDep, weeks: int = DEFAULT_WEEKS
) -> StreamingResponse:
    weeks = _weeks(weeks)
    rows = list(csv_rows(session, auth.staff, period(weeks, auth.zone)))
    views.export_stats(session, auth.actor, weeks=weeks)
    return csv_response(rows, f"sagak-stats-{weeks}w.csv")
