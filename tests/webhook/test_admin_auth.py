"""Signing in to the staff pages: sessions, cookies, timeouts, throttling, CSRF."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from storage import login_throttle
from storage import staff as staff_repo
from storage.models import AuditEntry, Staff, StaffSession
from storage.types import utcnow
from tests.staff_pages import PASSWORD, Pages, csrf_in, start_pages
from webhook.admin.routes_login import THROTTLE
from webhook.settings import Settings


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


async def _try_login(pages: Pages, username: str, password: str, ip: str = "203.0.113.7") -> int:
    http = pages.http(ip)
    form = await http.get("/admin/login")
    response = await http.post(
        "/admin/login",
        data={"username": username, "password": password, "csrf_token": csrf_in(form.text)},
    )
    return response.status_code


async def test_pages_redirect_to_sign_in_without_a_session(pages: Pages) -> None:
    http = pages.http()
    response = await http.get("/admin/cases/1")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=%2Fadmin%2Fcases%2F1"
    assert (await http.get("/")).headers["location"] == "/admin/"


async def test_sign_in_sets_a_hardened_cookie_and_only_its_digest_is_stored(pages: Pages) -> None:
    pages.add_staff("kim")
    http = pages.http()
    form = await http.get("/admin/login")
    response = await http.post(
        "/admin/login",
        data={"username": "kim", "password": PASSWORD, "csrf_token": csrf_in(form.text)},
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if "sagak_session=" in c)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie  # plain http in tests; see the https test below
    token = cookie.split(";")[0].split("=", 1)[1]
    with Session(pages.engine) as session:
        rows = session.exec(select(StaffSession)).all()
    assert len(rows) == 1 and token not in rows[0].token_hash
    assert rows[0].ip == "203.0.113.7"


async def test_cookie_is_secure_when_the_public_url_is_https(settings: Settings) -> None:
    settings = settings.replace(public_url="https://sagak.example.go.kr")
    async with start_pages(settings) as pages:
        pages.add_staff("kim")
        http = pages.http()
        form = await http.get("/admin/login")
        assert "Secure" in form.headers["set-cookie"]
        response = await http.post(
            "/admin/login",
            data={"username": "kim", "password": PASSWORD, "csrf_token": csrf_in(form.text)},
        )
        assert "Secure" in response.headers["set-cookie"]


async def test_each_sign_in_gets_a_new_session_id(pages: Pages) -> None:
    pages.add_staff("kim")
    first = await pages.sign_in("kim")
    second = await pages.sign_in("kim")
    assert first.http.cookies["sagak_session"] != second.http.cookies["sagak_session"]


async def test_wrong_password_and_unknown_user_get_the_same_answer(pages: Pages) -> None:
    pages.add_staff("kim")
    assert await _try_login(pages, "kim", "wrong password!") == 401
    assert await _try_login(pages, "nobody", "wrong password!") == 401
    with Session(pages.engine) as session:
        actions = session.exec(select(AuditEntry.action)).all()
    assert actions.count("login_failed") == 2


async def test_five_failures_lock_that_username_from_that_address(pages: Pages) -> None:
    pages.add_staff("kim")
    for _ in range(5):
        assert await _try_login(pages, "kim", "guess guess guess") == 401
    # Even the right password is refused while locked: a guesser learns nothing.
    assert await _try_login(pages, "kim", PASSWORD) == 429
    pages.add_staff("lee")
    assert await _try_login(pages, "lee", PASSWORD) == 303


async def test_failures_from_many_addresses_slow_the_account_down_at_new_addresses(
    pages: Pages,
) -> None:
    pages.add_staff("kim")
    pages.add_staff("lee")
    policy = THROTTLE
    per_address = policy.failures
    addresses = [f"198.51.100.{n}" for n in range(policy.account_failures // per_address)]
    for ip in addresses:
        for _ in range(per_address):
            assert await _try_login(pages, "kim", "guess guess guess", ip) == 401
    # A new address right after a failure, even with the right password: wait for the pace
    # (tests/webhook/test_admin_sign_in_abuse.py shows it passing and the office exempt).
    assert await _try_login(pages, "kim", PASSWORD, "192.0.2.99") == 429
    # Other accounts, from the same addresses, are not affected.
    assert await _try_login(pages, "lee", PASSWORD, addresses[0]) == 303
    with Session(pages.engine) as session:
        throttled = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == "login_throttled")
        ).all()
    assert [e.detail["limit"] for e in throttled] == ["account"]


async def test_one_address_trying_many_usernames_is_locked(pages: Pages) -> None:
    pages.add_staff("kim")
    names = [f"user{n}" for n in range(THROTTLE.address_failures)]
    for name in names:  # one try each: no username reaches its own limit
        assert await _try_login(pages, name, "guess guess guess", "198.51.100.7") == 401
    # That address may not try anyone now, even a real account with its right password...
    assert await _try_login(pages, "kim", PASSWORD, "198.51.100.7") == 429
    # ...while the same account signs in from another address.
    assert await _try_login(pages, "kim", PASSWORD, "192.0.2.10") == 303


async def test_throttled_tries_do_not_count_towards_the_account_limit(pages: Pages) -> None:
    pages.add_staff("kim")
    for _ in range(THROTTLE.failures):
        assert await _try_login(pages, "kim", "guess guess guess", "198.51.100.7") == 401
    for _ in range(THROTTLE.account_failures):  # one address keeps hammering while locked
        assert await _try_login(pages, "kim", "guess guess guess", "198.51.100.7") == 429
    assert await _try_login(pages, "kim", PASSWORD, "192.0.2.10") == 303  # kim is not locked out


async def test_the_limits_last_for_the_window(pages: Pages) -> None:
    policy = login_throttle.ThrottlePolicy()
    now = utcnow()
    with Session(pages.engine) as session:
        for n in range(policy.account_failures):
            login_throttle.record_failure(session, username="Kim", ip=f"10.0.0.{n}", now=now)
        session.commit()
        assert (
            login_throttle.locked_by(session, username="kim", ip="10.9.9.9", policy=policy, now=now)
            == "account"
        )
        later = now + policy.window + timedelta(seconds=1)
        assert not login_throttle.is_locked(
            session, username="kim", ip="10.9.9.9", policy=policy, now=later
        )


async def test_login_form_without_its_csrf_token_is_refused(pages: Pages) -> None:
    pages.add_staff("kim")
    http = pages.http()
    await http.get("/admin/login")
    response = await http.post("/admin/login", data={"username": "kim", "password": PASSWORD})
    assert response.status_code == 403
    assert "sagak_session" not in response.headers.get("set-cookie", "")


async def test_log_out_revokes_the_session(pages: Pages) -> None:
    kim = await pages.login("kim")
    assert (await kim.get("/admin/")).status_code == 200
    token = kim.http.cookies["sagak_session"]
    response = await kim.post("/admin/logout")
    assert response.status_code == 303 and response.headers["location"] == "/admin/login"
    with Session(pages.engine) as session:
        row = session.exec(select(StaffSession)).one()
    assert row.revoked_at is not None
    kim.http.cookies.clear()
    replayed = await kim.http.get("/admin/", headers={"Cookie": f"sagak_session={token}"})
    assert replayed.status_code == 303


async def test_idle_session_expires_and_polling_does_not_keep_it_alive(pages: Pages) -> None:
    kim = await pages.login("kim")
    with Session(pages.engine) as session:
        row = session.exec(select(StaffSession)).one()
        row.last_seen_at = utcnow() - timedelta(minutes=29)
        session.add(row)
        session.commit()
    assert (await kim.get("/admin/queue.json")).status_code == 200
    with Session(pages.engine) as session:
        row = session.exec(select(StaffSession)).one()
        assert row.last_seen_at < utcnow() - timedelta(minutes=28)  # the poll did not touch it
        row.last_seen_at = utcnow() - timedelta(minutes=31)
        session.add(row)
        session.commit()
    assert (await kim.get("/admin/queue.json")).status_code == 401
    assert (await kim.get("/admin/")).status_code == 303


async def test_session_ends_after_the_absolute_timeout_even_when_active(pages: Pages) -> None:
    kim = await pages.login("kim")
    with Session(pages.engine) as session:
        row = session.exec(select(StaffSession)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.add(row)
        session.commit()
    assert (await kim.get("/admin/")).status_code == 303


async def test_language_follows_choice_then_browser(pages: Pages) -> None:
    http = pages.http()
    english = await http.get("/admin/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Staff sign-in" in english.text and 'lang="en"' in english.text
    chinese = await http.get("/admin/login", headers={"Accept-Language": "zh-CN"})
    assert "工作人员登录" in chinese.text
    korean = await http.get("/admin/login", headers={"Accept-Language": "fr"})
    assert "직원 로그인" in korean.text
    kim = await pages.login("kim")
    response = await kim.post("/admin/language", {"lang": "zh", "next": "/admin/stats"})
    assert response.headers["location"] == "/admin/stats"
    assert "统计" in (await kim.get("/admin/stats")).text


async def test_sign_in_never_redirects_off_site(pages: Pages) -> None:
    pages.add_staff("kim")
    http = pages.http()
    form = await http.get("/admin/login")
    response = await http.post(
        "/admin/login",
        data={
            "username": "kim",
            "password": PASSWORD,
            "csrf_token": csrf_in(form.text),
            "next": "//evil.example/admin/",
        },
    )
    assert response.headers["location"] == "/admin/"


async def test_disabled_account_cannot_sign_in(pages: Pages) -> None:
    staff_id = pages.add_staff("kim")
    with Session(pages.engine) as session:
        account = session.get(Staff, staff_id)
        assert account is not None
        staff_repo.set_active(session, staff=account, active=False)
        session.commit()
    assert await _try_login(pages, "kim", PASSWORD) == 401
    with Session(pages.engine) as session:
        assert session.exec(select(StaffSession).where(col(StaffSession.id) > 0)).all() == []
