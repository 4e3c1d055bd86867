"""The `sagak` command as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from storage import staff as staff_repo
from storage.db import make_engine
from storage.models import AuditEntry


def _sagak(
    args: list[str], database_url: str, tmp_path: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGAK_")}
    env.update(SAGAK_DATABASE_URL=database_url, SAGAK_DATA_DIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "-m", "webhook", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_staff_add_prints_a_working_token_last(database_url: str, tmp_path: Path) -> None:
    result = _sagak(
        ["staff", "add", "park", "--role", "supervisor", "--team", "seosan-eupnae"],
        database_url,
        tmp_path,
        stdin="a long enough password\na long enough password\n",
    )
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    assert "password" not in result.stdout
    engine = make_engine(database_url)
    with Session(engine) as session:
        staff = staff_repo.staff_for_token(session, token=token)
        assert staff is not None and staff.role == "supervisor" and staff.team == "seosan-eupnae"
        assert session.scalars(select(AuditEntry.action)).all() == ["staff_created"]
    engine.dispose()


def test_staff_add_refuses_mismatched_confirmation(database_url: str, tmp_path: Path) -> None:
    result = _sagak(
        ["staff", "add", "lee"],
        database_url,
        tmp_path,
        stdin="first password 1\nsecond password 2\n",
    )
    assert result.returncode != 0
    assert "do not match" in result.stderr


def test_staff_add_refuses_a_taken_username(database_url: str, tmp_path: Path) -> None:
    stdin = "a long enough password\n"
    assert _sagak(["staff", "add", "choi"], database_url, tmp_path, stdin).returncode == 0
    again = _sagak(["staff", "add", "choi"], database_url, tmp_path, stdin)
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_db_upgrade_is_repeatable(database_url: str, tmp_path: Path) -> None:
    assert _sagak(["db", "upgrade"], database_url, tmp_path).returncode == 0
    second = _sagak(["db", "upgrade"], database_url, tmp_path)
    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stdout


def test_webhook_set_without_configuration_explains_what_is_missing(
    database_url: str, tmp_path: Path
) -> None:
    result = _sagak(["webhook", "set"], database_url, tmp_path)
    assert result.returncode == 2
    assert "SAGAK_PUBLIC_URL" in result.stderr


def test_webhook_set_registers_the_public_url_and_secret(
    database_url: str, tmp_path: Path, fake_telegram
) -> None:  # type: ignore[no-untyped-def]
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"SAGAK_TELEGRAM_TOKEN={fake_telegram.token}\n"
        f"SAGAK_TELEGRAM_API_URL={fake_telegram.url}\n"
        "SAGAK_WEBHOOK_SECRET=abc_DEF-123\n"
        "SAGAK_PUBLIC_URL=https://sagak.example.org/\n"
    )
    result = _sagak(["webhook", "set"], database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    call = fake_telegram.sent(method="setWebhook")[-1]
    assert call.params["url"] == "https://sagak.example.org/telegram/webhook"
    assert call.params["secret_token"] == "abc_DEF-123"
    assert fake_telegram.token not in result.stdout + result.stderr


def test_serve_refuses_a_token_without_a_webhook_secret(database_url: str, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SAGAK_TELEGRAM_TOKEN=123:abc\n")
    result = _sagak(["serve", "--port", "1"], database_url, tmp_path)
    assert result.returncode == 2
    assert "SAGAK_WEBHOOK_SECRET is required" in result.stderr


def test_inbox_requeue_puts_parked_updates_back_in_line(database_url: str, tmp_path: Path) -> None:
    from storage import inbox
    from storage.migrate import upgrade as migrate

    engine = make_engine(database_url)
    migrate(engine)
    inbox.store_update(engine, update_id=77, chat_id=5, payload="{}")
    for _ in range(inbox.MAX_ATTEMPTS):
        inbox.record_failure(engine, update_id=77, error="boom")
    assert inbox.count_failed(engine) == 1
    result = _sagak(["inbox", "requeue"], database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 update(s) put back in line")
    assert inbox.count_failed(engine) == 0 and inbox.count_pending(engine) == 1
    engine.dispose()


def test_the_simulator_refuses_an_address_other_machines_can_reach(
    database_url: str, tmp_path: Path
) -> None:
    every_interface = "0.0.0.0"  # noqa: S104  (what is refused)
    result = _sagak(["serve", "--host", every_interface, "--port", "1"], database_url, tmp_path)
    assert result.returncode == 2
    assert "REFUSED" in result.stderr and "--allow-remote" in result.stderr
    assert "serving on" not in result.stderr
