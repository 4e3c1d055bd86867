"""Simulator mode: on only without a bot token, visibly marked, and the public webhook shut."""

from __future__ import annotations

import logging
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from storage import staff as staff_repo
from storage.db import make_engine, session_scope
from storage.models import AuditEntry, Staff
from tests.harness import Sagak, bearer, start_sagak
from tests.staff_pages import StaffClient, csrf_in, start_pages
from tests.webhook.test_simulator_chat import simulator_settings
from webhook.settings import Settings, SettingsError
from webhook.simulator.demo.seed import seed_week
from webhook.simulator.demo.week import WEEK


def _env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGAK_")}
    env.update(SAGAK_DATABASE_URL=database_url, SAGAK_DATA_DIR=str(tmp_path), **extra)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_public_webhook_stays_closed_in_simulator_mode(
    database_url: str, tmp_path: Any
) -> None:
    async with start_sagak(simulator_settings(database_url, tmp_path)) as sagak:
        update = {"update_id": 1, "message": {"message_id": 1, "text": "hi"}}
        assert (await sagak.deliver(update, secret=None)).status_code == 401
        assert (await sagak.deliver(update, secret="anything")).status_code == 403
        assert (await sagak.client.get("/healthz")).status_code == 200
        token = sagak.staff_token("kim", "staff")
        cases = await sagak.client.get("/api/cases", headers=bearer(token))
        assert cases.status_code == 200 and cases.json()["items"] == []


async def test_the_simulator_page_is_marked_and_runs_only_its_own_script(
    database_url: str, tmp_path: Any
) -> None:
    async with start_sagak(simulator_settings(database_url, tmp_path)) as sagak:
        page = await sagak.client.get("/simulator?lang=en")
        assert page.status_code == 200
        assert "SIMULATOR" in page.text and "Not real Telegram" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert re.findall(r"<script[^>]*>", page.text) == [
            '<script src="/admin/static/simulator/simulator.js" defer>'
        ]
        script = await sagak.client.get("/admin/static/simulator/simulator.js")
        assert script.status_code == 200 and "innerHTML" not in script.text
        assert "시뮬레이터" in (await sagak.client.get("/simulator?lang=ko")).text


async def test_there_is_no_simulator_with_the_channel_off_or_a_real_bot(
    database_url: str, tmp_path: Any, sagak: Sagak
) -> None:
    assert (await sagak.client.get("/simulator")).status_code == 404
    assert (await sagak.client.get("/simulator/people.json")).status_code == 404
    off = Settings.load(env_file=None, database_url=database_url, data_dir=tmp_path)
    async with start_sagak(off) as channel_off:
        assert (await channel_off.client.get("/simulator")).status_code == 404
        with Session(channel_off.engine) as session:
            assert session.exec(select(Staff)).all() == []  # no demo admin outside the simulator


def test_the_simulator_refuses_a_real_token(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="SAGAK_SIMULATOR is on but SAGAK_TELEGRAM_TOKEN"):
        Settings.load(
            env_file=None,
            simulator=True,
            telegram_token="123:real",
            webhook_secret="secret",
        )
    result = subprocess.run(
        [sys.executable, "-m", "webhook", "serve", "--port", str(_free_port())],
        env=_env(
            database_url,
            tmp_path,
            SAGAK_SIMULATOR="1",
            SAGAK_TELEGRAM_TOKEN="123:real",
            SAGAK_WEBHOOK_SECRET="secret",
        ),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "SAGAK_SIMULATOR is on but SAGAK_TELEGRAM_TOKEN is set" in result.stderr


async def test_the_first_simulator_start_prints_a_working_demo_admin_once(
    database_url: str, tmp_path: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    settings = simulator_settings(database_url, tmp_path)
    settings = settings.replace(demo_admin_password=None)  # a random one, printed
    async with start_sagak(settings):
        pass
    printed = capfd.readouterr().err
    password = re.search(r"password: (\S+)", printed)
    assert "username: demo" in printed and password is not None
    engine = make_engine(database_url)
    with Session(engine) as session:
        demo = staff_repo.find_by_username(session, username="demo")
        assert demo is not None and demo.role == "admin"
        assert staff_repo.verify_password(demo.password_hash, password.group(1))
    engine.dispose()
    async with start_sagak(settings):
        pass
    assert "password" not in capfd.readouterr().err


def test_sagak_serve_without_a_token_runs_the_simulator(database_url: str, tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "webhook", "serve", "--port", str(port)],
        env=_env(database_url, tmp_path),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    threading.Thread(target=lambda: [lines.put(x) for x in process.stderr], daemon=True).start()  # type: ignore[union-attr]
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while not any("Uvicorn running" in line for line in seen):
            assert time.monotonic() < deadline and process.poll() is None, "".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
        output = "".join(seen)
        assert "SIMULATOR MODE" in output and f"http://127.0.0.1:{port}/simulator" in output
        assert "username: demo" in output and "password: " in output
        # The password is boxed at the end of start-up, not lost among the INFO lines:
        # only uvicorn's own "started" lines come after the box, and the sender's note
        # that this process sends for the bot (it takes the sender lock in the background).
        frame = [i for i, line in enumerate(seen) if line.startswith("+---")]
        assert len(frame) == 2 and "password: " in "".join(seen[frame[0] : frame[1]])
        after = [line.strip() for line in seen[frame[1] + 1 :] if line.strip()]
        started = ("startup complete", "Uvicorn running", "now sends for the bot")
        assert all(any(word in x for word in started) for x in after), after
        page = httpx.get(f"http://127.0.0.1:{port}/simulator", timeout=10)
        assert page.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)


async def test_every_staff_page_is_marked_in_simulator_mode(
    database_url: str, tmp_path: Any
) -> None:
    banners = {
        "ko": "시뮬레이터 모드입니다",
        "en": "Simulator mode. Reports here are played",
        "zh": "模拟器模式。这里的报告是演练用的",
    }
    async with start_pages(simulator_settings(database_url, tmp_path)) as pages:
        login = await pages.http().get("/admin/login")
        assert 'class="simulator-mode"' in login.text and banners["ko"] in login.text
        demo = await pages.sign_in("demo", "demo password 123")
        for lang, text in banners.items():
            await demo.post("/admin/language", {"lang": lang, "next": "/admin/"})
            for path in ("/admin/", "/admin/stats", "/admin/staff", "/admin/cases/999"):
                page = await demo.get(path)
                assert text in page.text, (lang, path, page.status_code)
                assert f'href="/simulator?lang={lang}"' in page.text


async def test_real_mode_pages_have_no_simulator_banner(settings: Settings) -> None:
    async with start_pages(settings) as pages:
        staff = await pages.login("kim")
        for path in ("/admin/login", "/admin/"):
            client = staff if path != "/admin/login" else StaffClient(pages.http(), "x")
            assert "simulator-mode" not in (await client.get(path)).text, path


async def test_a_real_token_disables_the_leftover_demo_admin_and_warns(
    database_url: str,
    tmp_path: Any,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """After a trial: `demo` (whose password was printed) cannot sign in once a real bot token
    is configured; the operator is told about it and about the demo week still there."""
    async with start_pages(simulator_settings(database_url, tmp_path)) as trial:
        demo = await trial.sign_in("demo", "demo password 123")
        token = trial.api_token("demo")
        with session_scope(trial.engine) as session:
            assert seed_week(session) == len(WEEK)
    caplog.set_level(logging.WARNING, logger="sagak")
    async with start_pages(settings) as real:
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert any("'demo'" in w and "DISABLED" in w for w in warnings), warnings
        assert any(f"{len(WEEK)} demo cases" in w and "demo seed" in w for w in warnings)
        old_session = StaffClient(real.http(), "demo")
        old_session.http.cookies = demo.http.cookies  # the trial's browser, still signed in
        assert (await old_session.get("/admin/")).status_code == 303  # to the sign-in page
        with Session(real.engine) as session:
            account = staff_repo.find_by_username(session, username="demo")
            assert account is not None and not account.active
            actions = session.exec(
                select(AuditEntry.action).where(col(AuditEntry.actor) == "system")
            ).all()
        assert actions == ["staff_disabled"]
        assert (await real.http().get("/api/cases", headers=bearer(token))).status_code == 401
        browser = real.http()
        form = await browser.get("/admin/login")
        signed_in = await browser.post(
            "/admin/login",
            data={
                "username": "demo",
                "password": "demo password 123",
                "csrf_token": csrf_in(form.text),
            },
        )
        assert signed_in.status_code == 401
    caplog.clear()
    async with start_pages(settings):
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert not any("DISABLED" in w for w in warnings)  # once; the cases are still named
        assert any("demo cases" in w for w in warnings)
