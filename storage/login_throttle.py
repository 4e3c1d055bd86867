"""Login throttling: after too many failed passwords, wait.

Three limits, each over the same sliding window, all counted from `login_failures`:

- one username from one address (a guesser at one machine; the tightest): locked,
- one address for any username (one machine trying many accounts): locked,
- one username from any address (a guesser spread over many addresses): slowed down, never
  locked. Locking the account itself would let anyone keep `admin` out by guessing badly;
  instead it may be tried once per `account_pace` from addresses it has not signed in from
  lately, and not at all slower from those it has (the office, home).

The address limit is higher than the pair limit, so that one office behind a shared address,
or a colleague's typos, does not lock everyone out. A refusal is audited once per window and
limit, not at every attempt (storage.audit would otherwise fill with one row per request).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.models import AuditEntry, LoginFailure, Staff, StaffSession
from storage.types import utcnow

# Failures older than this are no longer counted, and are deleted now and then.
KEEP_FAILURES = timedelta(days=1)


@dataclass(frozen=True)
class ThrottlePolicy:
    """At most `failures` wrong passwords per username and address and `address_failures` per
    address for all usernames within `window`; past `account_failures` per username from all
    addresses, one try per `account_pace` from an address the account has not signed in
    from within `known_address`."""

    failures: int = 5
    account_failures: int = 20
    address_failures: int = 20
    window: timedelta = timedelta(minutes=15)
    account_pace: timedelta = timedelta(seconds=30)
    known_address: timedelta = timedelta(days=30)


def _key(username: str) -> str:
    return username.strip().lower()[:64]


def _address(ip: str | None) -> str:
    return (ip or "")[:64]


def _failures(session: Session, since: datetime, *where: Any) -> int:
    query = select(func.count()).select_from(LoginFailure).where(col(LoginFailure.at) > since)
    return int(session.exec(query.where(*where)).one())


def locked_by(
    session: Session,
    *,
    username: str,
    ip: str | None,
    policy: ThrottlePolicy,
    now: datetime | None = None,
) -> str | None:
    """Which limit a sign-in as `username` from `ip` has reached now: "pair", "address",
    "account" (slowed down: try again after `account_pace`), or None when it may try."""
    now = now or utcnow()
    since = now - policy.window
    name, address = col(LoginFailure.username) == _key(username), col(LoginFailure.ip)
    if _failures(session, since, name, address == _address(ip)) >= policy.failures:
        return "pair"
    # An unknown address (no client) is not one machine: only the other two limits apply.
    if ip and _failures(session, since, address == _address(ip)) >= policy.address_failures:
        return "address"
    if _failures(session, since, name) >= policy.account_failures:
        last = session.exec(select(func.max(LoginFailure.at)).where(name)).one()
        paced = last is not None and last > now - policy.account_pace
        if paced and not _known_address(session, username, ip, since=now - policy.known_address):
            return "account"
    return None


def _known_address(session: Session, username: str, ip: str | None, *, since: datetime) -> bool:
    """True when `username` signed in from `ip` since then (a session was started there)."""
    if not ip:
        return False
    signed_in = (
        select(StaffSession.id)
        .join(Staff, col(Staff.id) == col(StaffSession.staff_id))
        .where(
            col(Staff.username) == username.strip(),
            col(StaffSession.ip) == _address(ip),
            col(StaffSession.created_at) > since,
        )
        .limit(1)
    )
    return session.exec(signed_in).first() is not None


def first_refusal(
    session: Session,
    *,
    username: str,
    ip: str | None,
    limit: str,
    policy: ThrottlePolicy,
    now: datetime | None = None,
) -> bool:
    """True when no refusal for this limit (and its username and/or address) was audited
    within the window: only the first refusal of a run of attempts is worth an audit row."""
    since = (now or utcnow()) - policy.window
    recent = select(AuditEntry).where(
        col(AuditEntry.action) == "login_throttled", col(AuditEntry.at) > since
    )
    if limit != "account":  # an account's refusals come from many addresses
        recent = recent.where(col(AuditEntry.ip) == ip)
    for entry in session.exec(recent.execution_options(yield_per=200)):
        detail = entry.detail or {}
        if detail.get("limit") != limit:
            continue
        if limit == "address" or _key(str(detail.get("username", ""))) == _key(username):
            return False
    return True


def is_locked(
    session: Session,
    *,
    username: str,
    ip: str | None,
    policy: ThrottlePolicy,
    now: datetime | None = None,
) -> bool:
    """True while any of the three limits is used up for this username and address."""
    return locked_by(session, username=username, ip=ip, policy=policy, now=now) is not None


def record_failure(
    session: Session, *, username: str, ip: str | None, now: datetime | None = None
) -> None:
    """Count one wrong password (or unknown username: the two are not told apart)."""
    now = now or utcnow()
    session.add(LoginFailure(username=_key(username), ip=_address(ip), at=now))
    session.exec(delete(LoginFailure).where(col(LoginFailure.at) < now - KEEP_FAILURES))


def clear(session: Session, *, username: str, ip: str | None) -> None:
    """Forget the failures of a username at an address after it signed in."""
    session.exec(
        delete(LoginFailure).where(
            col(LoginFailure.username) == _key(username), col(LoginFailure.ip) == _address(ip)
        )
    )


def clear_account(session: Session, *, username: str) -> int:
    """Forget every counted failure of a username, from all addresses (an operator's unlock);
    returns how many were forgotten. The address limit of other usernames is untouched."""
    result = session.exec(delete(LoginFailure).where(col(LoginFailure.username) == _key(username)))
    return int(result.rowcount or 0)
