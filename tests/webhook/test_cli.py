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


def _add(database_url: str, tmp_path: Path, username: str, password: str) -> None:
    result = _sagak(["staff", "add", username], database_url, tmp_path, stdin=password + "\n")
    assert result.returncode == 0, result.stderr


def test_staff_list_shows_every_account_and_its_state(database_url: str, tmp_path: Path) -> None:
    _add(database_url, tmp_path, "park", "a long enough password")
    _add(database_url, tmp_path, "lee", "another long password")
    assert _sagak(["staff", "disable", "lee"], database_url, tmp_path).returncode == 0
    result = _sagak(["staff", "list"], database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["username", "role", "team", "state"]
    assert lines[1].split() == ["park", "staff", "-", "enabled"]
    assert lines[2].split() == ["lee", "staff", "-", "DISABLED"]


def test_a_locked_out_account_is_unlocked_and_can_sign_in(
    database_url: str, tmp_path: Path
) -> None:
    from storage import login_throttle

    _add(database_url, tmp_path, "demo", "a long enough password")
    policy = login_throttle.ThrottlePolicy()
    engine = make_engine(database_url)
    with Session(engine) as session:
        for ip in ["10.0.0.1"] * 5 + [f"10.0.1.{n}" for n in range(20)]:
            login_throttle.record_failure(session, username="demo", ip=ip)
        session.commit()
        assert login_throttle.is_locked(session, username="demo", ip="10.0.0.1", policy=policy)
    result = _sagak(["staff", "unlock", "demo"], database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "25 failed attempt(s) forgotten" in result.stdout
    with Session(engine) as session:
        assert not login_throttle.is_locked(session, username="demo", ip="10.0.0.1", policy=policy)
        assert session.scalars(select(AuditEntry.action)).all()[-1] == "staff_unlocked"
    engine.dispose()


def test_reset_password_replaces_it_from_stdin(database_url: str, tmp_path: Path) -> None:
    _add(database_url, tmp_path, "demo", "the old password")
    result = _sagak(
        ["staff", "reset-password", "demo"],
        database_url,
        tmp_path,
        stdin="the new password\nthe new password\n",
    )
    assert result.returncode == 0, result.stderr
    assert "password" not in result.stdout.replace("new password set", "")
    engine = make_engine(database_url)
    with Session(engine) as session:
        account = staff_repo.find_by_username(session, username="demo")
        assert account is not None
        assert staff_repo.verify_password(account.password_hash, "the new password")
        assert not staff_repo.verify_password(account.password_hash, "the old password")
        assert session.scalars(select(AuditEntry.action)).all()[-1] == "password_reset"
    engine.dispose()


def test_reset_password_refuses_a_short_one_and_an_unknown_user(
    database_url: str, tmp_path: Path
) -> None:
    _add(database_url, tmp_path, "demo", "the old password")
    short = _sagak(["staff", "reset-password", "demo"], database_url, tmp_path, stdin="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    unknown = _sagak(["staff", "unlock", "nobody"], database_url, tmp_path)
    assert unknown.returncode == 1 and "no staff account 'nobody'" in unknown.stderr


def test_a_disabled_account_loses_its_token_and_enable_lets_it_back(
    database_url: str, tmp_path: Path
) -> None:
    result = _sagak(
        ["staff", "add", "kim"], database_url, tmp_path, stdin="a long enough password\n"
    )
    token = result.stdout.strip().splitlines()[-1]
    assert _sagak(["staff", "disable", "kim"], database_url, tmp_path).returncode == 0
    engine = make_engine(database_url)
    with Session(engine) as session:
        assert staff_repo.staff_for_token(session, token=token) is None
    assert _sagak(["staff", "enable", "kim"], database_url, tmp_path).returncode == 0
    with Session(engine) as session:
        account = staff_repo.find_by_username(session, username="kim")
        assert account is not None and account.active
        actions = session.scalars(select(AuditEntry.action)).all()
        assert actions[-2:] == ["staff_disabled", "staff_enabled"]
    engine.dispose()
