"""Does staff signing in hold up the webhook? Webhook latency while sign-ins run in parallel.

    .venv/bin/python bench/signin_contention.py [--streams 6] [--seconds 15] [--source DIR]

sagak serves on 127.0.0.1 with a fresh SQLite database and the fake Bot API. `--streams`
staff members sign in over and over with their right passwords (each sign-in is an Argon2
check), while one client posts a new report to `POST /telegram/webhook` every 100 ms and
times each answer. `--source DIR` runs sagak from another checkout's source tree (e.g.
`git archive <commit> | tar -x -C DIR`) to compare with an earlier version.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import servers as srv  # noqa: E402
from bench.run import pct  # noqa: E402
from bench.workload import make_bodies  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

SECRET = "bench-secret_0123456789"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
PASSWORD = "benchmark-password"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def sign_in_loop(url: str, username: str, stop: float, counts: list[int]) -> None:
    while time.monotonic() < stop:
        async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=60) as client:
            form = await client.get("/admin/login")
            match = CSRF.search(form.text)
            assert match, form.text[:300]
            data = {"username": username, "password": PASSWORD, "csrf_token": match.group(1)}
            answer = await client.post("/admin/login", data=data)
            assert answer.status_code == 303, answer.status_code
            counts.append(1)


async def webhook_loop(url: str, stop: float, latencies: list[float]) -> None:
    bodies = iter(make_bodies(2000, 7_200_000_000, seed=3))
    async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=60) as client:
        while time.monotonic() < stop:
            started = time.monotonic()
            answer = await client.post("/telegram/webhook", content=next(bodies), headers=HEADERS)
            assert answer.status_code == 200, answer.status_code
            latencies.append(time.monotonic() - started)
            await asyncio.sleep(max(0.0, 0.1 - (time.monotonic() - started)))


async def main(args: argparse.Namespace) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGAK_")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    source = Path(args.source).resolve() if args.source else ROOT
    sagak = [sys.executable, "-m", "webhook"]  # from `source`: the cwd comes first on sys.path
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as fake:
        env.update(
            SAGAK_DATABASE_URL=f"sqlite:///{tmp}/sagak.db",
            SAGAK_DATA_DIR=tmp,
            SAGAK_TELEGRAM_TOKEN=fake.token,
            SAGAK_TELEGRAM_API_URL=fake.url,
            SAGAK_WEBHOOK_SECRET=SECRET,
        )
        names = [f"staff{n}" for n in range(args.streams)]
        for name in names:
            subprocess.run(
                [*sagak, "staff", "add", name, "--role", "staff"],
                input=f"{PASSWORD}\n",
                env=env,
                cwd=source,
                capture_output=True,
                text=True,
                check=True,
            )
        port = srv.free_port()
        log = Path(tmp) / "sagak.log"
        cmd = [*sagak, "serve", "--host", srv.HOST, "--port", str(port)]
        proc = srv.start(cmd, env, source, log)
        try:
            url = f"http://{srv.HOST}:{port}"
            await srv.wait_ready(url, "/healthz", proc, log)
            quiet: list[float] = []
            await webhook_loop(url, time.monotonic() + 3, quiet)
            latencies: list[float] = []
            signed: list[int] = []
            stop = time.monotonic() + args.seconds
            await asyncio.gather(
                webhook_loop(url, stop, latencies),
                *(sign_in_loop(url, name, stop, signed) for name in names),
            )
        finally:
            srv.stop(proc)
    print(f"source: {source}")
    alone = f"p50 {pct(quiet, 50) * 1000:7.0f} ms  max {max(quiet) * 1000:7.0f} ms"
    print(f"webhook alone:        {alone}")
    print(
        f"with {args.streams} sign-in streams: p50 {pct(latencies, 50) * 1000:7.0f} ms"
        f"  p95 {pct(latencies, 95) * 1000:7.0f} ms  max {max(latencies) * 1000:7.0f} ms"
        f"  ({len(latencies)} updates, {len(signed)} sign-ins in {args.seconds} s)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--streams", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--source", help="run sagak from this source tree instead")
    asyncio.run(main(parser.parse_args()))
