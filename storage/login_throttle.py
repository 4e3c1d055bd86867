"""Login throttling: after too many failed passwords, wait.

Three limits, each over the same sliding window, all counted from `login_failures`:

- one username from one address (a guesser at one machine; the tightest),
- one username from any address (a guesser spread over many addresses),
- one address for any username (one machine trying many accounts).

The wider two are higher, so that one office behind a shared address, or a colleague's
typos, does not lock everyone out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.models import LoginFailure
from storage.types import utcnow

# Failures older than this are no longer counted, and are deleted now and then.
KEEP_FAILURES = timedelta(days=1)


@dataclass(frozen=True)
class ThrottlePolicy:
    """At most `failures` wrong passwords per username and address, `account_failures` per
    username from all addresses and `address_failures` per address for all usernames, each
    within `window`."""

    failures: int = 5
    account_failures: int = 20
    address_failures: int = 20
    window: timedelta = timedelta(minutes=15)


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
    """Which limit a sign-in as `username` from `ip` has reached now: "pair", "account",
    "address", or None when it may try."""
    since = (now or utcnow()) - policy.window
    name, address = col(LoginFailure.username) == _key(username), col(LoginFailure.ip)
    if _failures(session, since, name, address == _address(ip)) >= policy.failures:
        return "pair"
    if _failures(session, since, name) >= policy.account_failures:
        return "account"
    # An unknown address (no client) is not one machine: only the other two limits apply.
    if ip and _failures(session, since, address == _address(ip)) >= policy.address_failures:
        return "address"
    return None


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
