"""The wheel a normal `pip install` gets is whole: built from the source tree, installed into a
fresh virtual environment and started with `sagak serve`, it serves every page and file.

Nothing is downloaded: the wheel is built without build isolation (setuptools is a dev
dependency) and the fresh environment borrows this one's third-party packages through a
.pth line, which (unlike a site directory) does not run sagak's editable-install hook, so
`import webhook` can only find the installed copy.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.db import make_engine
from storage.migrate import alembic_config

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "webhook", "triage", "storage")
DEMO_PASSWORD = "package-test-password"
START_SECONDS = 40  # generous: the machine is shared; the test normally takes ~15 s


def _copy_source(target: Path) -> Path:
    """The files a source distribution holds, without caches or build leftovers."""
    source = target / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return source


def _data_files(source: Path) -> set[str]:
    """Every file the packages read at run time that is not Python code."""
    return {
        path.relative_to(source).as_posix()
        for package in PACKAGES
        for path in (source / package).rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }


def _build_wheel(source: Path, target: Path) -> Path:
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--no-index", "--quiet", "--wheel-dir", str(target), str(source)),
        ],
        check=True,
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )
    (wheel,) = target.glob("sagak-*.whl")
    return wheel


def _fresh_venv(target: Path, wheel: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    python = target / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "borrowed_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(python), "install"),
            *("--no-deps", "--no-index", "--quiet", str(wheel)),
        ],
        check=True,
    )
    return target / "bin"


def _clean_env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAGAK_", "PYTHON"))}
    env.update(
        SAGAK_DATABASE_URL=database_url,
        SAGAK_DATA_DIR=str(data_dir),
        SAGAK_SIMULATOR="1",
        SAGAK_DEMO_ADMIN_PASSWORD=DEMO_PASSWORD,
    )
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(server: subprocess.Popen[str], base: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"sagak serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("sagak serve did not answer /healthz")


def _bot_replies(client: httpx.Client, chat_id: int) -> list[str]:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        messages = client.get(f"/simulator/chats/{chat_id}.json").json()["messages"]
        replies = [m["text"] for m in messages if m["sender"] == "bot"]
        if replies:
            return replies
        time.sleep(0.3)
    raise AssertionError("the bot never answered the simulated report")


def _report_in_simulator(client: httpx.Client) -> list[str]:
    header = {"x-sagak-simulator": "1"}
    person = client.post(
        "/simulator/people", json={"name": "이웃", "language": "ko"}, headers=header
    )
    assert person.status_code == 201, person.text
    chat_id = person.json()["id"]
    report = "옆집 할아버지가 번개탄을 사 가셨고 죽고 싶다고 하셨어요"
    sent = client.post(
        f"/simulator/chats/{chat_id}/messages", json={"text": report}, headers=header
    )
    assert sent.status_code == 202, sent.text
    return _bot_replies(client, chat_id)


def _api_token(bin_dir: Path, env: dict[str, str], cwd: Path) -> str:
    added = subprocess.run(
        [str(bin_dir / "sagak"), "staff", "add", "packaged", "--role", "admin"],
        input="a-long-enough-password\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=True,
    )
    return added.stdout.strip().splitlines()[-1]


def test_installed_wheel_serves_pages_docs_files_and_triage(
    tmp_path: Path, database_url: str
) -> None:
    source = _copy_source(tmp_path)
    wheel = _build_wheel(source, tmp_path / "dist")
    packed = set(zipfile.ZipFile(wheel).namelist())
    assert _data_files(source) - packed == set(), "package-data misses these files"

    bin_dir = _fresh_venv(tmp_path / "venv", wheel)
    home = tmp_path / "run"  # no .env, no source tree on the path
    home.mkdir()
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import webhook; print(webhook.__file__)"],
        capture_output=True,
        text=True,
        cwd=home,
        env=_clean_env(database_url, home),
        check=True,
    ).stdout
    assert str(tmp_path / "venv") in where, f"imported sagak from {where}"

    env = _clean_env(database_url, home / "data")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with subprocess.Popen(
        [str(bin_dir / "sagak"), "serve", "--port", str(port)],
        cwd=home,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        try:
            _wait_until_up(server, base)
            with httpx.Client(base_url=base, timeout=10) as client:
                _check_served(client, bin_dir, env, home)
        finally:
            server.terminate()
            server.wait(timeout=20)

    # `sagak serve` applied the migrations shipped in the wheel, up to the source's head.
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).one()
    finally:
        engine.dispose()
    assert version[0] == head


def _check_served(client: httpx.Client, bin_dir: Path, env: dict[str, str], home: Path) -> None:
    login_ko = client.get("/admin/login?lang=ko")
    assert login_ko.status_code == 200
    assert "직원 로그인" in login_ko.text  # templates and the Korean staff catalog
    assert "Staff sign-in" in client.get("/admin/login?lang=en").text

    docs = client.get("/api/docs")
    assert docs.status_code == 200, docs.text[:300]
    assert "/api/cases" in client.get("/openapi.json").text

    for path in ("/admin/static/admin.css", "/admin/static/admin.js"):
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/static/simulator/simulator.js").status_code == 200
    assert client.get("/simulator").status_code == 200

    # The conversation's catalog and triage: a life-at-risk report gets the hotlines at once.
    replies = _report_in_simulator(client)
    assert any("112" in reply for reply in replies), replies

    token = _api_token(bin_dir, env, home)
    cases: list[dict[str, Any]] = client.get(
        "/api/cases", headers={"authorization": f"Bearer {token}"}
    ).json()["items"]
    assert [case["priority"] for case in cases] == ["critical"], json.dumps(cases)[:500]
