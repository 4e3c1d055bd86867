"""How fast the first reply to a life-at-risk report leaves sagak, from the webhook POST.

    .venv/bin/python bench/first_reply.py [--samples 20] [--rate 60]

Target (issue 11): under one second. Three kinds of report, each from its own person:

- ``triaged``: a neighbour report triage rates critical (the emergency numbers go first);
- ``self_crisis``: a person writing about their own crisis (the crisis reply);
- ``yes``: a mild report, then "yes" pressed on the danger question *as soon as the receipt
  arrives* (the numbers; the worst case for Telegram's one-message-a-second pacing).

Each is measured on a quiet sagak and again while ordinary reports from other people arrive
at ``--rate`` a second (10 by default: 36,000 an hour, far above any district's day; sagak
keeps up with it, so the urgent replies share the worker, the database and the outbox with
that traffic). Above what the inbox worker processes (about 20-30 reports a second on the
shared 2-core machine) updates wait in the inbox in arrival order and every first reply
waits with them: see bench/README.md.
Latency = the fake Bot API's arrival time of the first ``sendMessage`` to the reporter's chat
minus the time just before the POST (same clock, same process). See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import servers as srv  # noqa: E402
from bench.run import open_work  # noqa: E402
from bench.workload import make_bodies  # noqa: E402
from tests.e2e.conversation_kit import press  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.updates import Person  # noqa: E402

SECRET = "bench-secret_0123456789"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
STAFF_CHAT = -100999
RESULTS = ROOT / "bench" / "results" / "first_reply.json"
TRIAGED = "앞집 할아버지가 쓰러져서 의식이 없어요. 숨을 잘 안 쉬어요"
SELF_CRISIS = "더는 못 버티겠어요. 오늘 밤에 죽고 싶어요"
MILD = "옆집 분이 요즘 일자리를 잃었다고 해요. {n}동"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def first_message(fake: FakeTelegram, chat_id: int, after: int) -> Any:
    return next(
        (
            c
            for c in fake.calls[after:]
            if c.method == "sendMessage" and c.params.get("chat_id") == chat_id
        ),
        None,
    )


async def until_message(fake: FakeTelegram, chat_id: int, after: int, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while (call := first_message(fake, chat_id, after)) is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"no sendMessage to {chat_id} within {timeout} s")
        await asyncio.sleep(0.002)
    return call


async def timed(client: httpx.AsyncClient, fake: FakeTelegram, update: dict, chat: int) -> float:
    """Post `update` and return the ms until the first sendMessage to `chat` arrives."""
    seen = len(fake.calls)
    began = time.monotonic()
    response = await client.post("/telegram/webhook", json=update, headers=HEADERS)
    response.raise_for_status()
    call = await until_message(fake, chat, seen)
    return (call.at - began) * 1000


async def sample(kind: str, n: int, client: httpx.AsyncClient, fake: FakeTelegram) -> float:
    person = Person(9_000_000 + n, "ko")
    if kind == "triaged":
        return await timed(client, fake, person.text(TRIAGED), person.id)
    if kind == "self_crisis":
        return await timed(client, fake, person.text(SELF_CRISIS), person.id)
    seen = len(fake.calls)
    await client.post("/telegram/webhook", json=person.text(MILD.format(n=n)), headers=HEADERS)
    receipt = await until_message(fake, person.id, seen)
    buttons = receipt.params["reply_markup"]["inline_keyboard"][0]
    yes = next(b["callback_data"] for b in buttons if b["callback_data"].endswith(":yes"))
    return await timed(client, fake, press(person, yes), person.id)


async def background(url: str, bodies: list[bytes], rate: float, stop: asyncio.Event) -> int:
    """Ordinary reports from other people at `rate` a second, until `stop`."""
    posted = 0
    tasks: set[asyncio.Task[Any]] = set()
    headers = {**HEADERS, "Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=30) as client:
        began = time.monotonic()
        for n, body in enumerate(bodies):
            if stop.is_set():
                break
            await asyncio.sleep(max(0.0, began + n / rate - time.monotonic()))
            task = asyncio.create_task(
                client.post("/telegram/webhook", content=body, headers=headers)
            )
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            posted += 1
        await asyncio.gather(*tasks, return_exceptions=True)
    return posted


async def measure(
    args: argparse.Namespace, url: str, fake: FakeTelegram, db: Path
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    counter = 0
    async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=30) as client:
        for phase in ("quiet", "loaded"):
            stop = asyncio.Event()
            load = None
            if phase == "loaded":
                bodies = make_bodies(20_000, 8_000_000_000, seed=3)
                load = asyncio.create_task(background(url, bodies, args.rate, stop))
                await asyncio.sleep(5)  # let the receipts' backlog build up
            for kind in ("triaged", "self_crisis", "yes"):
                samples = []
                for _ in range(args.samples):
                    counter += 1
                    samples.append(await sample(kind, counter, client, fake))
                    await asyncio.sleep(0.05)
                results[f"{phase}/{kind}"] = {
                    "open_inbox_outbox_after": open_work(db),
                    "n": len(samples),
                    "p50_ms": round(pct(samples, 50), 1),
                    "p95_ms": round(pct(samples, 95), 1),
                    "max_ms": round(max(samples), 1),
                    "under_1s": sum(s < 1000 for s in samples),
                    "samples_ms": [round(s, 1) for s in samples],
                }
                print(
                    f"{phase:7} {kind:12} {results[f'{phase}/{kind}']['p50_ms']:8.1f} ms p50 "
                    f"{results[f'{phase}/{kind}']['max_ms']:8.1f} ms max",
                    flush=True,
                )
            if load is not None:
                stop.set()
                results["loaded/background_updates"] = await load
                results["loaded/rate_per_s"] = args.rate
    return results


async def main(args: argparse.Namespace) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAGAK_", "BENCH_"))}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    with tempfile.TemporaryDirectory() as folder, FakeTelegram() as fake:
        tmp = Path(folder)
        sagak_env = {
            **env,
            "SAGAK_DATABASE_URL": f"sqlite:///{tmp / 'sagak.db'}",
            "SAGAK_DATA_DIR": str(tmp),
            "SAGAK_TELEGRAM_TOKEN": fake.token,
            "SAGAK_TELEGRAM_API_URL": fake.url,
            "SAGAK_WEBHOOK_SECRET": SECRET,
            "SAGAK_STAFF_CHAT_ID": str(STAFF_CHAT),
        }
        port = srv.free_port()
        log = tmp / "sagak.log"
        binary = Path(sys.executable).parent / "sagak"
        cmd = [str(binary), "serve", "--host", srv.HOST, "--port", str(port)]
        proc = srv.start(cmd, sagak_env, tmp, log)
        try:
            url = f"http://{srv.HOST}:{port}"
            await srv.wait_ready(url, "/healthz", proc, log)
            return await measure(args, url, fake, tmp / "sagak.db")
        finally:
            srv.stop(proc)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--rate", type=float, default=10, help="background reports a second")
    result = asyncio.run(main(parser.parse_args()))
    result["when"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    print(f"written to {RESULTS}")
