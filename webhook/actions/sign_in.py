"""Signing in and out of the staff pages: each attempt, refusal and sign-in is audited.

The route checks the form's token and the password (Argon2, outside any transaction);
these functions record what came of it and commit.
"""

from __future__ import annotations

from sqlmodel import Session

from storage import audit, login_throttle, sessions
from storage.login_throttle import ThrottlePolicy
from storage.models import Staff, StaffSession
from storage.rows import require_id
from storage.sessions import SessionPolicy
from storage.types import utcnow
from webhook.actions import Actor, done

ANONYMOUS = "anonymous"


def throttled(
    session: Session,
    *,
    username: str,
    ip: str | None,
    limit: str,
    policy: ThrottlePolicy,
) -> None:
    """A sign-in refused for too many failures; audited once per window and limit. Not
    counted as a failure: an address locked out of one account cannot go on to slow that
    account down for everyone else."""
    if login_throttle.first_refusal(session, username=username, ip=ip, limit=limit, policy=policy):
        detail = {"username": username[:64], "limit": limit}
        audit.record(session, action="login_throttled", actor=ANONYMOUS, ip=ip, detail=detail)
    session.commit()


def failed(session: Session, *, username: str, ip: str | None) -> None:
    """A wrong name or password, or a disabled account: counted towards the throttle."""
    login_throttle.record_failure(session, username=username, ip=ip)
    detail = {"username": username[:64]}
    audit.record(session, action="login_failed", actor=ANONYMOUS, ip=ip, detail=detail)
    session.commit()


def signed_in(
    session: Session,
    account: Staff,
    *,
    ip: str | None,
    user_agent: str | None,
    policy: SessionPolicy,
    rehashed: str | None = None,
) -> str:
    """Open a page session for `account` (its password checked); returns the cookie's
    token. `rehashed` replaces a hash made with weaker parameters."""
    login_throttle.clear(session, username=account.username, ip=ip)
    if rehashed is not None:
        account.password_hash = rehashed
        session.add(account)
    token, _ = sessions.start(
        session, staff_id=require_id(account), policy=policy, ip=ip, user_agent=user_agent
    )
    done(session, Actor(account, ip), "login")
    return token


def signed_out(session: Session, actor: Actor, *, session_id: int) -> None:
    """End this browser's page session."""
    row = session.get(StaffSession, session_id)
    if row is not None:
        sessions.revoke(session, row=row, now=utcnow())
    done(session, actor, "logout")
