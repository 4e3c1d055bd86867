"""Volunteer invites: one-time codes, bound to a Telegram user by `/start CODE`."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select

from storage.models import Reporter, Volunteer, VolunteerInvite
from storage.types import utcnow

INVITE_LIFETIME = timedelta(days=14)
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class Redeemed(StrEnum):
    WELCOME = "welcome"
    ALREADY = "already"  # this user is already a volunteer
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def create_invite(
    session: Session, *, name: str, staff_id: int | None, now: datetime | None = None
) -> VolunteerInvite:
    """A new invite for a named volunteer, valid for INVITE_LIFETIME."""
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
    assert reporter.id is not None
    invite.used_at = now
    invite.used_by_reporter_id = reporter.id
    reporter.role = "volunteer"
    session.add_all([invite, reporter])
    if existing is not None:
        existing.active, existing.name, existing.invite_id = True, invite.name, invite.id
        session.add(existing)
    else:
        session.add(Volunteer(reporter_id=reporter.id, name=invite.name, invite_id=invite.id))
    return Redeemed.WELCOME, invite.name
