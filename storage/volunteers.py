"""Volunteers: one-time invite codes bound to a Telegram user by `/start CODE`, and the
list staff keep (disable, re-enable)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, func, select

from storage.models import Case, Reporter, VisitRequest, Volunteer, VolunteerInvite
from storage.rows import require_id
from storage.types import utcnow
from storage.vocabulary import ReporterRole

INVITE_LIFETIME = timedelta(days=14)
MAX_NAME_LENGTH = 100
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class Redeemed(StrEnum):
    WELCOME = "welcome"
    ALREADY = "already"  # this user is already a volunteer
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


class InviteError(ValueError):
    """The invite's name is empty or too long."""


def create_invite(
    session: Session, *, name: str, staff_id: int | None, now: datetime | None = None
) -> VolunteerInvite:
    """A new invite for a named volunteer, valid for INVITE_LIFETIME; raises InviteError
    for a blank or overlong name."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InviteError(f"a volunteer's name is 1-{MAX_NAME_LENGTH} characters")
    now = now or utcnow()
    while True:
        code = "V" + "".join(secrets.choice(_ALPHABET) for _ in range(10))
        if session.exec(select(VolunteerInvite).where(col(VolunteerInvite.code) == code)).first():
            continue
        invite = VolunteerInvite(
            code=code,
            name=name,
            created_by=staff_id,
            created_at=now,
            expires_at=now + INVITE_LIFETIME,
        )
        session.add(invite)
        session.flush()
        return invite


def redeem(session: Session, *, code: str, reporter: Reporter) -> tuple[Redeemed, str]:
    """Bind `reporter` as the invite's volunteer; returns the outcome and the volunteer's name."""
    existing = session.exec(
        select(Volunteer).where(col(Volunteer.reporter_id) == reporter.id)
    ).first()
    if existing is not None and existing.active:
        return Redeemed.ALREADY, existing.name
    invite = session.exec(
        select(VolunteerInvite).where(col(VolunteerInvite.code) == code.strip().upper())
    ).first()
    if invite is None:
        return Redeemed.UNKNOWN, ""
    if invite.used_at is not None:
        return Redeemed.USED, ""
    now = utcnow()
    if invite.expires_at <= now:
        return Redeemed.EXPIRED, ""
    reporter_id = require_id(reporter)
    invite.used_at = now
    invite.used_by_reporter_id = reporter_id
    reporter.role = ReporterRole.VOLUNTEER
    session.add_all([invite, reporter])
    if existing is not None:
        existing.active, existing.name, existing.invite_id = True, invite.name, invite.id
        session.add(existing)
    else:
        session.add(Volunteer(reporter_id=reporter_id, name=invite.name, invite_id=invite.id))
    return Redeemed.WELCOME, invite.name


@dataclass(frozen=True)
class VolunteerRow:
    """A volunteer as staff list them: how many tips and open visit requests they have."""

    volunteer: Volunteer
    tips: int
    open_visits: int


def volunteer_of(session: Session, *, reporter_id: int) -> Volunteer | None:
    """The active volunteer this reporter is, if any."""
    return session.exec(
        select(Volunteer).where(
            col(Volunteer.reporter_id) == reporter_id, col(Volunteer.active).is_(True)
        )
    ).first()


def list_volunteers(session: Session) -> list[VolunteerRow]:
    """Every volunteer, active first, then by name, with their tip and visit counts."""
    rows = session.exec(
        select(Volunteer).order_by(col(Volunteer.active).desc(), col(Volunteer.name))
    ).all()
    # Only the volunteers' own cases (through ix_cases_reporter_id): counting every
    # volunteer-sourced case of the city's years would read the whole table.
    tips = dict(
        session.exec(
            select(Case.reporter_id, func.count())
            .where(
                col(Case.reporter_id).in_([row.reporter_id for row in rows]),
                col(Case.source) == ReporterRole.VOLUNTEER,
            )
            .group_by(col(Case.reporter_id))
        ).all()
    )
    visits = dict(
        session.exec(
            select(VisitRequest.volunteer_id, func.count())
            .where(col(VisitRequest.status).in_(("pending", "accepted")))
            .group_by(col(VisitRequest.volunteer_id))
        ).all()
    )
    return [
        VolunteerRow(row, tips=tips.get(row.reporter_id, 0), open_visits=visits.get(row.id or 0, 0))
        for row in rows
    ]


def set_active(session: Session, *, volunteer: Volunteer, active: bool) -> bool:
    """Disable or re-enable a volunteer; False when nothing changed.

    A disabled volunteer's later messages are resident reports again; their earlier tips
    stay volunteer tips.
    """
    if volunteer.active == active:
        return False
    volunteer.active = active
    reporter = session.get(Reporter, volunteer.reporter_id)
    if reporter is not None:
        reporter.role = ReporterRole.VOLUNTEER if active else ReporterRole.RESIDENT
        session.add(reporter)
    session.add(volunteer)
    return True


def recent_invites(session: Session, *, limit: int = 20) -> list[VolunteerInvite]:
    """The newest invites, used or not, for the volunteers page."""
    return list(
        session.exec(
            select(VolunteerInvite).order_by(col(VolunteerInvite.id).desc()).limit(limit)
        ).all()
    )
