"""The queue page, and the JSON its script polls to refresh itself without a reload.

The rows and the SLA clocks are worded here, in the staff member's language and time
zone; the page's script only puts them in place (one source for a row and a duration)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlmodel import Session

from storage import audit, household_view, life_at_risk
from storage.access import visible_case, visible_teams
from storage.models import Case
from storage.queue_search import (
    STATUS_FILTERS,
    QueueQuery,
    case_teams,
    search_queue,
    staff_names,
    waiting_critical,
)
from storage.types import utcnow
from webhook.admin.auth import PageAuth, StaffPage, StaffPoll
from webhook.admin.render import Clock, Translator, render, render_fragment
from webhook.admin.sla import sla_state
from webhook.deps import SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)
PRIORITIES = ("critical", "high", "normal", "low")
MAX_CLOCKS = 200  # more than a page shows; a longer list is cut, not refused


def _query(auth: PageAuth, request: Request) -> tuple[QueueQuery, dict[str, str]]:
    """The filters from the query string, validated; unknown values are ignored."""
    params = request.query_params
    chosen = {
        "status": params.get("status", "open"),
        "priority": params.get("priority", ""),
        "team": params.get("team", "")[:64],
        "mine": "1" if params.get("mine") == "1" else "",
        "unassigned": "1" if params.get("unassigned") == "1" else "",
        "q": params.get("q", "")[:100],
    }
    if chosen["status"] not in STATUS_FILTERS:
        chosen["status"] = "open"
    if chosen["priority"] not in PRIORITIES:
        chosen["priority"] = ""
    query = QueueQuery(
        teams=visible_teams(auth.staff),
        status=chosen["status"],
        priority=chosen["priority"] or None,
        team=chosen["team"] or None,
        assignee_id=auth.staff_id if chosen["mine"] else None,
        unassigned=bool(chosen["unassigned"]),
        search=chosen["q"] or None,
    )
    return query, chosen


def queue_rows(session: Session, auth: PageAuth, rows: list[Case]) -> list[dict[str, Any]]:
    """What each queue row shows, with labels in the page's language (for HTML and JSON)."""
    _ = Translator(auth.language)
    clock = Clock(auth.zone, utcnow())
    names = staff_names(session, {c.assignee_id for c in rows if c.assignee_id})
    seen = household_view.seen_cases(session, auth.staff, rows)
    items = []
    for case in rows:
        state, sla_text = sla_state(case, clock, _)
        items.append(
            {
                "id": case.id,
                "reference": case.reference,
                "url": f"/admin/cases/{case.id}",
                "priority": case.priority,
                "priority_label": _.label("priority", case.priority),
                "status": case.status,
                "status_label": _.label("status", case.status),
                "summary": case.summary,
                "team": case.team or "",
                "source": case.source,
                "source_label": _.label("source", case.source),
                "reporters": seen[case.id or 0].reporters_count,
                "assignee": names.get(case.assignee_id or 0, ""),
                "due_at": case.due_at.isoformat(),
                "sla": state,
                "sla_text": sla_text,
                "received": clock(case.created_at),
                "unreachable": case.reporter_unreachable,
                "self_crisis": life_at_risk.is_self_crisis(case),
                "needs_review": life_at_risk.needs_review(case),
            }
        )
    return items


def _alerts(session: Session, auth: PageAuth) -> list[dict[str, Any]]:
    waiting = waiting_critical(session, teams=visible_teams(auth.staff))
    return [{"id": c.id, "reference": c.reference, "url": f"/admin/cases/{c.id}"} for c in waiting]


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, auth: StaffPage, session: SessionDep) -> HTMLResponse:
    query, chosen = _query(auth, request)
    rows = search_queue(session, query=query)
    items = queue_rows(session, auth, rows)
    alerts = _alerts(session, auth)
    audit.record(
        session,
        action="queue_viewed",
        staff=auth.staff,
        ip=auth.ip,
        detail={"count": len(rows), **{k: v for k, v in chosen.items() if v}},
    )
    session.commit()
    return render(
        request,
        auth,
        "queue.html",
        nav="queue",
        items=items,
        alerts=alerts,
        chosen=chosen,
        statuses=STATUS_FILTERS,
        priorities=PRIORITIES,
        teams=case_teams(session),
        poll_url="/admin/queue.json" + (f"?{request.url.query}" if request.url.query else ""),
    )


@router.get("/queue.json")
def queue_json(request: Request, auth: StaffPoll, session: SessionDep) -> JSONResponse:
    """The queue as the page shows it; polling does not count as activity."""
    query, _ = _query(auth, request)
    items = queue_rows(session, auth, search_queue(session, query=query))
    rows = render_fragment(request, auth, "queue_rows.html", items=items)
    return JSONResponse({"items": items, "rows": rows, "alerts": _alerts(session, auth)})


@router.get("/sla.json")
def sla_json(
    auth: StaffPoll, session: SessionDep, ids: Annotated[str, Query(max_length=2000)] = ""
) -> JSONResponse:
    """The SLA clocks of the cases a page shows (`?ids=3,5`), worded as the page words them.
    Cases this staff member may not see are left out, as if they did not exist."""
    _ = Translator(auth.language)
    clock = Clock(auth.zone, utcnow())
    clocks: dict[str, dict[str, str]] = {}
    for given in ids.split(",")[:MAX_CLOCKS]:
        case_id = int(given) if given.isdigit() and len(given) < 10 else None
        case = visible_case(session, auth.staff, case_id) if case_id else None
        if case is not None:
            state, text = sla_state(case, clock, _)
            clocks[str(case_id)] = {"sla": state, "text": text}
    return JSONResponse({"clocks": clocks})
