"""Sign-in under attack: nobody can keep an account out, floods leave one audit row, the form
token cannot be forged, and a password check never holds up the database."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlmodel import Session, col, select
from starlette.requests import Request

from storage import server_keys
from storage import staff as staff_repo
from storage.models import AuditEntry, LoginFailure
from tests.staff_pages import PASSWORD, Pages, csrf_in, start_pages
from webhook.admin.auth import LOGIN_CSRF_COOKIE, LOGIN_FORM_SECONDS, login_csrf
from webhook.admin.routes_login import THROTTLE
from webhook.deps import get_session
from webhook.settings import Settings

OFFICE = "192.0.2.10"
GUESS = "guess guess guess"


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


async def _try_login(pages: Pages, username: str, password: str, ip: str = OFFICE) -> int:
    http = pages.http(ip)
    form = await http.get("/admin/login")
    response = await http.post(
        "/admin/login",
        data={"username": username, "password": password, "csrf_token": csrf_in(form.text)},
    )
    return response.status_code


async def _guess_from_many_addresses(pages: Pages, username: str) -> None:
    """Enough wrong passwords to pass the account's limit, each address under its own."""
    per_address = THROTTLE.failures
    for n in range(THROTTLE.account_failures // per_address):
        for _ in range(per_address):
            assert await _try_login(pages, username, GUESS, f"198.51.100.{n}") == 401


def _throttled(pages: Pages) -> list[dict[str, Any]]:
    with Session(pages.engine) as session:
        rows = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == "login_throttled")
        ).all()
    return [{"ip": row.ip, **row.detail} for row in rows]


async def test_guessing_from_many_addresses_never_keeps_admin_out_of_the_office(
    pages: Pages,
) -> None:
    pages.add_staff("admin", role="admin")
    assert await _try_login(pages, "admin", PASSWORD, OFFICE) == 303  # the usual address
    await _guess_from_many_addresses(pages, "admin")
    assert await _try_login(pages, "admin", PASSWORD, OFFICE) == 303


async def test_an_account_under_attack_is_slowed_down_not_locked(pages: Pages) -> None:
    pages.add_staff("kim")
    await _guess_from_many_addresses(pages, "kim")
    # From an address kim never signed in from: one try per pace, even with the password.
    assert await _try_login(pages, "kim", PASSWORD, "203.0.113.50") == 429
    with Session(pages.engine) as session:  # the pace passes
        for failure in session.exec(select(LoginFailure)).all():
            failure.at -= THROTTLE.account_pace
            session.add(failure)
        session.commit()
    assert await _try_login(pages, "kim", PASSWORD, "203.0.113.50") == 303


async def test_a_blocked_address_hammering_leaves_one_audit_row_per_window(
    pages: Pages,
) -> None:
    pages.add_staff("kim")
    for _ in range(THROTTLE.failures):
        assert await _try_login(pages, "kim", GUESS, "198.51.100.7") == 401
    for _ in range(12):
        assert await _try_login(pages, "kim", GUESS, "198.51.100.7") == 429
    assert _throttled(pages) == [{"ip": "198.51.100.7", "username": "kim", "limit": "pair"}]
    # Another address locked out of the same account is its own entry.
    for _ in range(THROTTLE.failures + 3):
        await _try_login(pages, "kim", GUESS, "198.51.100.8")
    assert len(_throttled(pages)) == 2


async def test_a_login_form_token_the_server_did_not_sign_is_refused(pages: Pages) -> None:
    pages.add_staff("kim")
    http = pages.http()
    # A plain double-submit pair chosen by an attacker who can plant a cookie.
    http.cookies.set(LOGIN_CSRF_COOKIE, "attacker-chosen-value-0123456789", path="/admin/login")
    forged = {
        "username": "kim",
        "password": PASSWORD,
        "csrf_token": "attacker-chosen-value-0123456789",
    }
    assert (await http.post("/admin/login", data=forged)).status_code == 403
    # A genuine token, but issued for another browser's cookie.
    other = pages.http()
    token = csrf_in((await other.get("/admin/login")).text)
    assert (
        await http.post("/admin/login", data={**forged, "csrf_token": token})
    ).status_code == 403
    # This browser's own token works.
    own = csrf_in((await http.get("/admin/login")).text)
    assert (await http.post("/admin/login", data={**forged, "csrf_token": own})).status_code == 303


async def test_a_login_form_left_open_too_long_is_refused(pages: Pages) -> None:
    pages.add_staff("kim")
    http = pages.http()
    await http.get("/admin/login")
    key = server_keys.load_or_create(pages.engine, name=server_keys.LOGIN_FORM)

    cookie = f"{LOGIN_CSRF_COOKIE}={http.cookies[LOGIN_CSRF_COOKIE]}".encode()
    browser = Request({"type": "http", "headers": [(b"cookie", cookie)]})
    stale, _ = login_csrf(browser, key, now=time.time() - LOGIN_FORM_SECONDS - 5)
    data = {"username": "kim", "password": PASSWORD, "csrf_token": stale}
    assert (await http.post("/admin/login", data=data)).status_code == 403


@pytest.fixture
def watched_sessions(pages: Pages) -> Iterator[list[Session]]:
    """Every database session the app's routes open, to look at while a password is checked."""
    opened: list[Session] = []

    def recorded() -> Iterator[Session]:
        with Session(pages.engine, expire_on_commit=False) as session:
            opened.append(session)
            yield session

    pages.fastapi.dependency_overrides[get_session] = recorded
    yield opened
    pages.fastapi.dependency_overrides.pop(get_session)


async def test_the_password_is_checked_with_no_transaction_open(
    pages: Pages, watched_sessions: list[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    pages.add_staff("kim")
    database = pages.engine.url.database if pages.engine.dialect.name == "sqlite" else None
    during_check: list[tuple[bool, bool]] = []
    check = staff_repo.verify_password

    def watched(password_hash: str, password: str) -> bool:
        in_transaction = any(s.in_transaction() for s in watched_sessions)
        during_check.append((in_transaction, database is None or _can_write(database)))
        return check(password_hash, password)

    monkeypatch.setattr(staff_repo, "verify_password", watched)
    assert await _try_login(pages, "kim", GUESS) == 401
    assert await _try_login(pages, "kim", PASSWORD) == 303
    # No open transaction, and on SQLite another writer (the webhook) is not kept waiting.
    assert during_check == [(False, True), (False, True)]


def _can_write(database: str) -> bool:
    connection = sqlite3.connect(database, timeout=2, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
