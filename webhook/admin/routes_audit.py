"""The audit trail for supervisors: who looked at or changed what, when, from where."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlmodel import Session, col, select

from storage import audit_query
from storage.models import AuditEntry, Case
from webhook.actions import views
from webhook.admin.audit_view import detail_words
from webhook.admin.auth import PageAuth, StaffPage, require_supervisor
from webhook.admin.csv_export import csv_response
from webhook.admin.render import Translator, render
from webhook.bounds import page_number
from webhook.deps import SessionDep

router = APIRouter(prefix="/admin", include_in_schema=False)
PAGE_SIZE = 100


def _day(value: str, zone: ZoneInfo, *, end: bool = False) -> datetime | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    if end:
        day += timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=zone)


def _query(
    session: Session, auth: PageAuth, request: Request
) -> tuple[audit_query.AuditQuery, dict[str, str]]:
    params = request.query_params
    chosen = {
        "actor": params.get("actor", "")[:80],
        "action": params.get("action", "")[:48],
        "reference": params.get("reference", "").strip().upper()[:16],
        "since": params.get("since", "")[:10],
        "until": params.get("until", "")[:10],
    }
    page = params.get("page", "1")
    case_id = None
    if chosen["reference"]:
        found = session.exec(select(Case.id).where(col(Case.reference) == chosen["reference"]))
        case_id = found.first() or -1  # an unknown reference matches nothing
    query = audit_query.AuditQuery(
        actor=chosen["actor"] or None,
        action=chosen["action"] or None,
        case_id=case_id,
        since=_day(chosen["since"], auth.zone),
        until=_day(chosen["until"], auth.zone, end=True),
        limit=PAGE_SIZE,
        offset=(page_number(page) - 1) * PAGE_SIZE,
    )
    return query, chosen


def _references(session: Session, entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.case_id for e in entries if e.case_id is not None}
    if not ids:
        return {}
    rows = session.exec(select(Case.id, Case.reference).where(col(Case.id).in_(ids))).all()
    return {case_id: reference for case_id, reference in rows if case_id is not None}


def _detail(entry: AuditEntry) -> str:
    return json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else ""


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, auth: StaffPage, session: SessionDep) -> HTMLResponse:
    require_supervisor(auth)
    query, chosen = _query(session, auth, request)
    entries = audit_query.search_audit(session, query=query)
    rows: list[dict[str, Any]] = []
    references = _references(session, entries)
    for entry in entries:
        rows.append(
            {
                "entry": entry,
                "reference": references.get(entry.case_id or 0, ""),
                "detail": detail_words(entry.detail, Translator(auth.language)),
            }
        )
    views.view_audit(session, auth.actor, filters={k: v for k, v in chosen.items() if v})
    page = query.offset // PAGE_SIZE + 1
    return render(
        request,
        auth,
        "audit.html",
        nav="audit",
        rows=rows,
        chosen=chosen,
        actions=audit_query.known_actions(session),
        actors=audit_query.known_actors(session),
        page=page,
        has_next=len(entries) == PAGE_SIZE,
        export_url="/admin/audit.csv" + (f"?{request.url.query}" if request.url.query else ""),
    )


@router.get("/audit.csv")
def audit_csv(request: Request, auth: StaffPage, session: SessionDep) -> StreamingResponse:
    require_supervisor(auth)
    query, chosen = _query(session, auth, request)
    query = replace(query, offset=0)
    entries = list(audit_query.iter_audit(session, query=query))
    references = _references(session, entries)
    rows: list[list[object]] = [["at", "actor", "action", "case", "ip", "detail"]]
    rows += [
        [
            e.at.isoformat(),
            e.actor,
            e.action,
            references.get(e.case_id or 0, ""),
            e.ip or "",
            _detail(e),
        ]
        for e in entries
    ]
    filters = {k: v for k, v in chosen.items() if v}
    views.export_audit(session, auth.actor, rows=len(entries), filters=filters)
    return csv_response(rows, "sagak-audit.csv")
