"""KakaoTalk skill answers beside the Telegram webhook, over real HTTP on 127.0.0.1.

    .venv/bin/python bench/kakao_skill.py [--messages 300] [--concurrency 4]

Starts `sagak serve` (fresh SQLite, the fake Bot API, the KakaoTalk channel on) and sends
the same ordinary messages both ways: first reports from distinct residents, then one
follow-up each. A Telegram webhook request only stores the update (the turn runs in the
background); a skill request stores it, plays the whole turn and answers with its replies,
which is what Kakao needs within 5 seconds. Prints p50/p99 latency per channel and the
ratio of the p99s (Kakao / Telegram); the target is an answer under 1 second at p99.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import servers as srv
from bench.workload import report_text
from tests.fake_kakao import BOT_ID, SKILL_SECRET, KakaoUser
from tests.fake_telegram import FakeTelegram
from tests.updates import Person

BIN = Path(sys.executable).parent
WEBHOOK_SECRET = "bench-secret_0123456789"


async def _timed(
    client: httpx.AsyncClient, requests: list[tuple[str, bytes, dict[str, str]]], workers: int
) -> list[float]:
    queue: asyncio.Queue[tuple[str, bytes, dict[str, str]]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    took: list[float] = []

    async def work() -> None:
        while not queue.empty():
            path, body, headers = queue.get_nowait()
            began = time.perf_counter()
            answer = await client.post(path, content=body, headers=headers)
            took.append(time.perf_counter() - began)
            if answer.status_code != 200:
                raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")

    await asyncio.gather(*(work() for _ in range(workers)))
    return took


def _summary(took: list[float]) -> dict[str, float]:
    ordered = sorted(took)
    return {
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 1),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
    }


async def main(args: argparse.Namespace) -> dict[str, Any]:
    import random

    rng = random.Random(7)
    texts = [report_text(rng) for _ in range(args.messages)]
    json_headers = {"content-type": "application/json"}
    telegram: list[tuple[str, bytes, dict[str, str]]] = []
    kakao: list[tuple[str, bytes, dict[str, str]]] = []
    for round_ in range(2):  # a first report, then a follow-up from the same person
        for number, text in enumerate(texts):
            words = text if round_ == 0 else "오늘 저녁에 다시 보니 불이 꺼져 있었어요"
            person = Person(500000 + number, "ko")
            update = person.text(words)
            telegram.append(
                (
                    "/telegram/webhook",
                    json.dumps(update).encode(),
                    {**json_headers, "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
                )
            )
            body = KakaoUser(f"bench-{number}").request(words)
            kakao.append(
                (
                    "/kakao/skill",
                    json.dumps(body).encode(),
                    {**json_headers, "X-Sagak-Kakao-Secret": SKILL_SECRET},
                )
            )
    with FakeTelegram() as fake, tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {
            **os.environ,
            "SAGAK_DATA_DIR": str(tmp),
            "SAGAK_TELEGRAM_TOKEN": fake.token,
            "SAGAK_TELEGRAM_API_URL": fake.url,
            "SAGAK_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "SAGAK_KAKAO_SKILL_SECRET": SKILL_SECRET,
            "SAGAK_KAKAO_BOT_ID": BOT_ID,
        }
        port = srv.free_port()
        log = tmp / "sagak.log"
        cmd = [str(BIN / "sagak"), "serve", "--host", srv.HOST, "--port", str(port)]
        proc = srv.start(cmd, env, tmp, log)
        url = f"http://{srv.HOST}:{port}"
        try:
            await srv.wait_ready(url, "/healthz", proc, log)
            limits = httpx.Limits(max_connections=args.concurrency)
            async with httpx.AsyncClient(
                base_url=url, trust_env=False, timeout=30, limits=limits
            ) as client:
                # Kakao first: the Telegram run leaves turns and receipts working in the
                # background, which would weigh on whatever ran after it.
                # Warm-up, not counted: the first turns load triage's model and caches.
                await _timed(client, kakao[: args.warmup], args.concurrency)
                await _timed(client, telegram[: args.warmup], args.concurrency)
                kakao = kakao[args.warmup :]
                telegram = telegram[args.warmup :]
                await asyncio.sleep(args.settle)
                kakao_took = await _timed(client, kakao, args.concurrency)
                await asyncio.sleep(args.settle)
                telegram_took = await _timed(client, telegram, args.concurrency)
        finally:
            srv.stop(proc)
    result = {
        "messages": len(kakao),
        "concurrency": args.concurrency,
        "telegram_webhook": _summary(telegram_took),
        "kakao_skill": _summary(kakao_took),
    }
    result["ratio_p99"] = round(
        result["kakao_skill"]["p99_ms"] / max(result["telegram_webhook"]["p99_ms"], 0.1), 2
    )
    result["kakao_p99_under_1s"] = result["kakao_skill"]["p99_ms"] < 1000
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--settle", type=float, default=5.0)
    parser.add_argument("--warmup", type=int, default=20)
    print(json.dumps(asyncio.run(main(parser.parse_args())), indent=2))
