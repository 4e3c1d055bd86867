"""The visit-request sweep: an unanswered request is reminded once, then flagged to staff.

Like the other jobs (``bot.jobs``), every unit of work is claimed in ``job_runs`` in the
same transaction as its messages, so it happens once across restarts and instances.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import visits as visit_chat
from bot.catalog import t
from bot.inbound import Reply
from bot.jobs import JobConfig
from bot.outgoing import enqueue_reply
from storage import cases, jobs, visits
from storage.models import Case, VisitRequest, Volunteer
from storage.types import utcnow

log = logging.getLogger(__name__)


def run_visit_reminders(engine: Engine, config: JobConfig, *, now: datetime | None = None) -> int:
    """Remind volunteers of requests unanswered for a day; flag those still unanswered a
    day after the reminder. Returns how many reminders and flags this call handled."""
    now = now or utcnow()
    with Session(engine) as session:
        remind = [row.id for row in visits.due_reminder(session, now=now)]
        flag = [row.id for row in visits.due_flag(session, now=now)]
    done = sum(1 for request_id in remind if request_id and _remind(engine, request_id, now))
    done += sum(1 for request_id in flag if request_id and _flag(engine, request_id, config, now))
    return done


def _remind(engine: Engine, request_id: int, now: datetime) -> bool:
    with Session(engine, expire_on_commit=False) as session:
        request = session.get(VisitRequest, request_id)
        if request is None or request.status not in visits.OPEN or request.reminded_at:
            return False
        if not jobs.claim(session, job="visit_reminder", key=str(request_id), now=now):
            session.rollback()
            return False
        request.reminded_at = now
        session.add(request)
        reply = visit_chat.reminder(session, request=request)
        if reply is not None:
            enqueue_reply(session, reply, timeline=False)
        cases.record_event(
            session,
            case_id=request.case_id,
            kind="visit_reminded",
            data={"visit_request_id": request_id},
        )
        session.commit()
        return True


def _flag(engine: Engine, request_id: int, config: JobConfig, now: datetime) -> bool:
    with Session(engine, expire_on_commit=False) as session:
        request = session.get(VisitRequest, request_id)
        if request is None or request.status not in visits.OPEN or request.flagged_at:
            return False
        if not jobs.claim(session, job="visit_flag", key=str(request_id), now=now):
            session.rollback()
            return False
        request.flagged_at = now
        session.add(request)
        volunteer = session.get(Volunteer, request.volunteer_id)
        name = volunteer.name if volunteer else "?"
        cases.record_event(
            session,
            case_id=request.case_id,
            kind="visit_unanswered",
            data={"visit_request_id": request_id, "volunteer": name},
        )
        case = session.get(Case, request.case_id)
        if config.staff_chat_id is not None and case is not None:
            language = config.staff_language
            text = t(
                language,
                "jobs.visit_unanswered",
                reference=case.reference,
                volunteer=name,
                number=request_id,
            )
            enqueue_reply(session, Reply(config.staff_chat_id, text, language))
        session.commit()
        log.info("visit request %s unanswered: flagged to staff", request_id)
        return True
