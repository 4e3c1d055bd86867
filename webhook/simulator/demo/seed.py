"""Demo data for the simulator: a sign-in for the staff pages and a week of reports.

`seed_week` writes through the same repository functions the bot and the staff pages use
(triage, case creation, staff changes), then dates each row back into the past week, so
the queue, SLA clocks and statistics look like a real district's week.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage import cases, reporters
from storage import staff as staff_repo
from storage.case_actions import apply_changes
from storage.models import Case, CaseEvent, Reporter, Staff
from storage.types import utcnow
from triage import assess
from webhook.simulator.demo.week import REPLIES, REPLY_PREFIX, WEEK

# Telegram user ids of the demo reporters: far from real ones and from simulated people.
DEMO_USERS = 9_100_000_000
LAST_DEMO_USER = DEMO_USERS + len(WEEK) - 1
COUNSELLORS = ("counsellor.kim", "counsellor.lee")
DEMO_ADMIN = "demo"  # the simulator's staff sign-in
SEOSAN = (36.7848, 126.4503)


def ensure_demo_admin(session: Session, *, username: str, password: str) -> bool:
    """Create an admin account when no staff account exists yet; True when created."""
    if session.exec(select(Staff.id)).first() is not None:
        return False
    staff_repo.create_staff(session, username=username, password=password, role="admin", team=None)
    return True


def retire_demo_admin(session: Session, *, username: str) -> bool:
    """Disable the simulator's admin account (its sessions end, its API tokens are revoked)
    if it is still active; True when it was disabled now."""
    account = staff_repo.find_by_username(session, username=username)
    if account is None or not account.active:
        return False
    staff_repo.set_active(session, staff=account, active=False)
    return True


def demo_case_count(session: Session) -> int:
    """How many cases `seed_week` wrote that are still in the database."""
    reporters_ = select(Reporter.id).where(
        col(Reporter.telegram_user_id) >= DEMO_USERS,
        col(Reporter.telegram_user_id) <= LAST_DEMO_USER,
    )
    query = select(func.count()).select_from(Case).where(col(Case.reporter_id).in_(reporters_))
    return int(session.exec(query).one())


def seed_week(session: Session, *, now: datetime | None = None) -> int:
    """Add the demo week (cases, messages, replies, outcomes); 0 if it is already there."""
    now = now or utcnow()
    seeded = select(Reporter.id).where(col(Reporter.telegram_user_id) == DEMO_USERS)
    if session.exec(seeded).first() is not None:
        return 0
    counsellors = [_counsellor(session, name) for name in COUNSELLORS]
    rng = random.Random(2019)  # the same week every time: screenshots and docs agree
    for number, (language, source, hours, text, plan) in enumerate(WEEK):
        created = now - timedelta(hours=hours, minutes=rng.randrange(60))
        _report(session, number, language, source, text, plan, created, rng, counsellors, now)
    return len(WEEK)


def _counsellor(session: Session, username: str) -> Staff:
    found = staff_repo.find_by_username(session, username=username)
    if found is not None:
        return found
    # A random password nobody is told: an admin sets one on the staff page to use it.
    return staff_repo.create_staff(
        session, username=username, password=secrets.token_urlsafe(18), role="staff", team=None
    )


def _report(
    session: Session,
    number: int,
    language: str,
    source: str,
    text: str,
    plan: str,
    created: datetime,
    rng: random.Random,
    counsellors: list[Staff],
    now: datetime,
) -> None:
    reporter, _ = reporters.get_or_create(
        session,
        telegram_user_id=DEMO_USERS + number,
        chat_id=DEMO_USERS + number,
        language=language,
    )
    reporter.role = source
    case = cases.create_case(
        session,
        reporter_id=_id(reporter),
        text=text,
        assessment=assess(text, language),
        source=source,
        now=created,
    )
    if number % 3 != 2:  # two in three reporters shared a place
        case.latitude = round(SEOSAN[0] + rng.uniform(-0.03, 0.03), 5)
        case.longitude = round(SEOSAN[1] + rng.uniform(-0.03, 0.03), 5)
    report = cases.add_message(
        session, case_id=_id(case), direction="in", author="reporter", text=text
    )
    report.created_at = created
    _date_events(session, _id(case), created)
    if plan == "new":
        return
    staff = counsellors[number % len(counsellors)]
    answered = min(now, created + timedelta(minutes=rng.randrange(20, 240)))
    _reply(
        session,
        case.id,
        staff,
        REPLY_PREFIX[language].format(ref=case.reference) + REPLIES[language][0],
        answered,
    )
    apply_changes(
        session,
        case=case,
        actor=staff,
        changes={"assignee": staff.username, "status": "in_progress"},
        now=answered,
    )
    _date_events(session, _id(case), answered)
    if plan == "work":
        return
    done = min(now, answered + timedelta(hours=rng.randrange(4, 40)))
    outcome = plan.removeprefix("help:")
    status = "help_arranged" if plan.startswith("help:") else "closed"
    if outcome != "duplicate" and outcome != "unreachable":
        _reply(
            session,
            case.id,
            staff,
            REPLY_PREFIX[language].format(ref=case.reference) + REPLIES[language][1],
            done,
        )
    apply_changes(
        session, case=case, actor=staff, changes={"status": status, "outcome": outcome}, now=done
    )
    _date_events(session, _id(case), done)
    case.updated_at = done


def _reply(session: Session, case_id: int | None, staff: Staff, text: str, at: datetime) -> None:
    assert case_id is not None
    message = cases.add_message(
        session, case_id=case_id, direction="out", author="staff", text=text, staff_id=staff.id
    )
    message.created_at, message.delivery, message.delivered_at = at, "sent", at
    cases.record_event(session, case_id=case_id, kind="reply_sent", staff_id=staff.id)
    _date_events(session, case_id, at)


def _date_events(session: Session, case_id: int, at: datetime) -> None:
    """Move the events just recorded (dated now) back to when they happened in the week."""
    session.flush()
    for event in session.exec(select(CaseEvent).where(col(CaseEvent.case_id) == case_id)):
        if event.at > at:
            event.at = at
            session.add(event)


def _id(row: Any) -> int:
    value = getattr(row, "id", None)
    assert isinstance(value, int)
    return value
