"""Benchmark sagak's webhook ingest against a minimal baseline, then staff-reply latency.

    .venv/bin/python bench/run.py [--updates N] [--concurrency 16] [--replies K]

Everything runs on 127.0.0.1: the fake Bot API (a thread here), the baseline and sagak
(each a uvicorn subprocess). See bench/README.md for what the numbers mean.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import servers as srv  # noqa: E402
from bench.workload import make_bodies  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

BIN = Path(sys.executable).parent
SECRET = "bench-secret_0123456789"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
WARMUP = 100
LOAD_TIMEOUT = 150.0  # seconds for one ingest run, warm-up included
GLOBAL_SENDS_PER_SECOND = 30  # sagak's dispatcher limit (bot/channels/telegram/dispatcher.py)
REPLY_SPACING = 0.1  # s between reply starts: 10/s keeps the limiter out of the numbers
RESULTS = ROOT / "bench" / "results" / "latest.json"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else float("nan")


async def ingest(url: str, pid: int, warm: list[bytes], bodies: list[bytes], workers: int) -> dict:
    """POST `warm` (not counted), then `bodies` with `workers` coroutines; latency per request."""
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(
        base_url=url, trust_env=False, limits=limits, timeout=30
    ) as client:

        async def pool(items: list[bytes], latencies: list[float], errors: list[str]) -> None:
            queue = iter(items)

            async def worker() -> None:
                for body in queue:  # shared iterator: each body is posted once
                    began = time.perf_counter()
                    try:
                        response = await client.post(
                            "/telegram/webhook", content=body, headers=HEADERS
                        )
                        if response.status_code != 200:
                            errors.append(f"HTTP {response.status_code}")
                    except httpx.HTTPError as error:
                        errors.append(type(error).__name__)
                    latencies.append(time.perf_counter() - began)

            await asyncio.gather(*(worker() for _ in range(workers)))

        await asyncio.wait_for(pool(warm, [], []), timeout=LOAD_TIMEOUT / 5)
        latencies: list[float] = []
        errors: list[str] = []
        busy0 = srv.machine_busy_seconds()
        cpu0, client_cpu0, began = srv.cpu_seconds(pid), time.process_time(), time.perf_counter()
        await asyncio.wait_for(pool(bodies, latencies, errors), timeout=LOAD_TIMEOUT)
        wall = time.perf_counter() - began
        server_cpu, client_cpu = srv.cpu_seconds(pid) - cpu0, time.process_time() - client_cpu0
        other_cpu = srv.machine_busy_seconds() - busy0 - server_cpu - client_cpu
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(bodies),
        "seconds": round(wall, 3),
        "updates_per_s": round(len(bodies) / wall, 1),
        "p50_ms": round(pct(ms, 50), 2),
        "p99_ms": round(pct(ms, 99), 2),
        "max_ms": round(max(ms), 2),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "server_cpu_percent": round(100 * server_cpu / wall, 1),
        "server_cpu_ms_per_update": round(1000 * server_cpu / len(bodies), 2),
        "client_cpu_percent": round(100 * client_cpu / wall, 1),
        # Anything else on the machine meanwhile: more than ~10% means a disturbed run.
        "other_cpu_percent": round(100 * max(0.0, other_cpu) / wall, 1),
    }


def open_work(db: Path) -> tuple[int, int]:
    """(pending inbox updates, unsent outbox rows) in sagak's database, read-only."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        inbox = conn.execute("SELECT count(*) FROM inbox WHERE status = 'pending'").fetchone()[0]
        outbox = conn.execute(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
        ).fetchone()[0]
    return int(inbox), int(outbox)


async def wait_receipts(fake: FakeTelegram, db: Path, chats: int, since: float) -> dict:
    """Wait until every reporter chat got a receipt and nothing is left to send (bounded)."""
    # The dispatcher sends at most 30 messages a second, so N receipts need N/30 s at best.
    limit = min(150.0, max(60.0, chats / GLOBAL_SENDS_PER_SECOND * 1.5 + 20))
    deadline, reached, pending = since + limit, 0, (-1, -1)
    while time.monotonic() < deadline:
        sent = fake.sent("sendMessage")
        reached = len({c.params.get("chat_id") for c in sent})
        if reached >= chats:
            pending = open_work(db)
            if pending == (0, 0):
                last = max(c.at for c in sent)
                return {
                    "drained": True,
                    "chats": reached,
                    "messages": len(sent),
                    "last_at_s": round(last - since, 1),
                    "sends_per_s": round(len(sent) / (last - since), 1),
                }
        await asyncio.sleep(0.5)
    return {"drained": False, "chats": reached, "open_inbox_outbox": pending, "waited_s": limit}


async def replies(url: str, fake: FakeTelegram, token: str, count: int) -> dict:
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, trust_env=False, headers=auth, timeout=10) as client:
        listing = await client.get("/api/cases", params={"limit": count})
        listing.raise_for_status()
        case_ids = [item["id"] for item in listing.json()["items"]]
        latencies: list[float] = []
        api_ms: list[float] = []
        failures: list[str] = []
        await asyncio.sleep(1.1)  # let the last receipt leave the limiter's 1-second window
        next_start = time.monotonic()
        for n, case_id in enumerate(case_ids):
            await asyncio.sleep(max(0.0, next_start - time.monotonic()))
            next_start = time.monotonic() + REPLY_SPACING
            marker = f"bench-{n}-{secrets.token_hex(4)}"
            text = f"확인했습니다. 이번 주 안에 담당자가 방문하겠습니다. [{marker}]"
            seen = len(fake.calls)
            began = time.monotonic()
            response = await client.post(f"/api/cases/{case_id}/reply", json={"text": text})
            api_ms.append((time.monotonic() - began) * 1000)
            if response.status_code != 202:
                failures.append(f"case {case_id}: HTTP {response.status_code}")
                continue
            arrived = None
            while arrived is None and time.monotonic() - began < 10:
                for call in fake.calls[seen:]:
                    if call.method == "sendMessage" and marker in str(call.params.get("text")):
                        arrived = call.at
                        break
                else:
                    await asyncio.sleep(0.002)
            if arrived is None:
                failures.append(f"case {case_id}: no sendMessage within 10 s")
            else:
                latencies.append((arrived - began) * 1000)
    return {
        "replies": len(case_ids),
        "delivered": len(latencies),
        "p50_ms": round(pct(latencies, 50), 1),
        "p99_ms": round(pct(latencies, 99), 1),
        "max_ms": round(max(latencies, default=float("nan")), 1),
        "api_p50_ms": round(pct(api_ms, 50), 1),
        "failures": failures[:10],
        "samples_ms": [round(x, 1) for x in latencies],
        "api_samples_ms": [round(x, 1) for x in api_ms],
    }


async def bench(args: argparse.Namespace, tmp: Path, procs: list[subprocess.Popen[bytes]]) -> dict:
    warm = make_bodies(WARMUP, 7_100_000_000, seed=1, identical=args.identical)
    bodies = make_bodies(args.updates, 7_000_000_000, seed=2, identical=args.identical)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAGAK_", "BENCH_"))}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"  # everything stays on loopback
    with FakeTelegram() as fake:
        port = srv.free_port()
        base_env = {
            **env,
            "BENCH_BASELINE_DB": str(tmp / "baseline.db"),
            "BENCH_WEBHOOK_SECRET": SECRET,
        }
        base_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        flags = (
            f"-m uvicorn bench.baseline_app:app --host {srv.HOST} --port {port} --log-level warning"
        )
        cmd = [sys.executable, *flags.split()]
        log = tmp / "baseline.log"
        procs.append(srv.start(cmd, base_env, ROOT, log))
        url = f"http://{srv.HOST}:{port}"
        await srv.wait_ready(url, "/telegram/webhook", procs[-1], log)
        print(f"baseline: {args.updates} updates, {args.concurrency} workers ...", flush=True)
        baseline = await ingest(url, procs[-1].pid, warm, bodies, args.concurrency)
        srv.stop(procs[-1])

        db = tmp / "sagak.db"
        sagak_env = {
            **env,
            "SAGAK_DATABASE_URL": f"sqlite:///{db}",
            "SAGAK_DATA_DIR": str(tmp),
            "SAGAK_TELEGRAM_TOKEN": fake.token,
            "SAGAK_TELEGRAM_API_URL": fake.url,
            "SAGAK_WEBHOOK_SECRET": SECRET,
        }
        added = subprocess.run(
            [str(BIN / "sagak"), "staff", "add", "bench", "--role", "supervisor"],
            input="benchmark-password\n",
            env=sagak_env,
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if added.returncode != 0:
            raise RuntimeError(f"sagak staff add failed:\n{added.stdout}\n{added.stderr}")
        token = added.stdout.strip().splitlines()[-1]
        port = srv.free_port()
        log = tmp / "sagak.log"
        cmd = [str(BIN / "sagak"), "serve", "--host", srv.HOST, "--port", str(port)]
        procs.append(srv.start(cmd, sagak_env, tmp, log))
        url = f"http://{srv.HOST}:{port}"
        await srv.wait_ready(url, "/healthz", procs[-1], log)
        print(f"sagak:    {args.updates} updates, {args.concurrency} workers ...", flush=True)
        began = time.monotonic()
        sagak = await ingest(url, procs[-1].pid, warm, bodies, args.concurrency)
        sagak["open_inbox_outbox_after_ingest"] = open_work(db)
        print("sagak:    waiting for receipts ...", flush=True)
        receipts = await wait_receipts(fake, db, args.updates + WARMUP, began)
        print(f"sagak:    {args.replies} staff replies ...", flush=True)
        reply = await replies(url, fake, token, args.replies)
        srv.stop(procs[-1])
    ratio = sagak["updates_per_s"] / baseline["updates_per_s"]
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "params": {
            "updates": args.updates,
            "concurrency": args.concurrency,
            "replies": args.replies,
            "identical": args.identical,
            "warmup": WARMUP,
        },
        "baseline": baseline,
        "sagak": sagak,
        "ratio": round(ratio, 3),
        "receipts": receipts,
        "reply": reply,
        "targets": {"ratio_ge_0.6": ratio >= 0.6, "reply_p50_lt_100ms": reply["p50_ms"] < 100},
    }


def report(r: dict) -> None:
    print(
        f"\n{'ingest':<10}{'updates/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'srv cpu':>9}{'cpu ms/upd':>12}{'other cpu':>11}"
    )
    for name in ("baseline", "sagak"):
        x = r[name]
        print(
            f"{name:<10}{x['updates_per_s']:>11}{x['p50_ms']:>9}{x['p99_ms']:>9}"
            f"{x['errors']:>8}{x['server_cpu_percent']:>8}%{x['server_cpu_ms_per_update']:>12}"
            f"{x['other_cpu_percent']:>10}%"
        )
    t = r["targets"]
    print(
        f"ratio sagak/baseline: {r['ratio']:.2f}  (target >= 0.6: "
        f"{'met' if t['ratio_ge_0.6'] else 'MISSED'})"
    )
    print(f"receipts: {r['receipts']}")
    x = r["reply"]
    print(
        f"reply latency ({x['delivered']}/{x['replies']} delivered): p50 {x['p50_ms']} ms, "
        f"p99 {x['p99_ms']} ms, max {x['max_ms']} ms  (target p50 < 100 ms: "
        f"{'met' if t['reply_p50_lt_100ms'] else 'MISSED'})"
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--replies", type=int, default=50)
    parser.add_argument(
        "--identical",
        action="store_true",
        help="every report the same text (a flood of copies; duplicate matching's worst case)",
    )
    args = parser.parse_args()
    # On SIGTERM, unwind like Ctrl-C so that the finally below stops the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    procs: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="sagak-bench-") as tmp:
        try:
            result = asyncio.run(bench(args, Path(tmp), procs))
        finally:
            for proc in procs:
                srv.stop(proc)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    report(result)


if __name__ == "__main__":
    main()
