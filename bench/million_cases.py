"""A million cases: how the staff API and pages answer over a large city's years of cases.

    nice -n 19 .venv/bin/python bench/million_cases.py [--database-url URL] [--cases N]
        [--samples 30] [--refill] [--fill-only]

Fills a PostgreSQL database of its own (default `sagak_million` on 127.0.0.1, created if
missing; never the test database) with `--cases` cases over four years: 93% closed, 7%
open, four teams, each with its report, the bot's receipt, a staff reply on one in five,
and their events (created, status changes, outcomes). Filling is done by PostgreSQL itself
(`INSERT ... SELECT FROM generate_series`), which takes a few minutes for a million, and is
skipped when the database already holds that many (`--refill` starts again). Then it
applies the migrations (their time on the full table is printed), starts
`sagak serve --no-workers` on it and times, over real HTTP on 127.0.0.1, the staff API's
queue (first page, a team's first page, deep pages by offset and by `after` cursor), a case,
the queue page, a search, a case page and the statistics page: p50/p95/max per request.

The database's own work and this script's run at the lowest CPU priority (`nice`; the
PostgreSQL session doing the filling is re-niced too when allowed), since the machine may
be shared. Results also go to bench/results/million.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import servers as srv  # noqa: E402
from storage import staff as staff_repo  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sagak_million"
BIN = ROOT / ".venv" / "bin"
PASSWORD = "million-cases-password"
SECRET = "bench-secret_0123456789"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TEAMS = ("북부팀", "남부팀", "동부팀", "서부팀")
REPORTS = (
    "옆집 할머니가 며칠째 안 보이세요. 문 앞에 우유가 쌓여 있어요",
    "아래층 아저씨가 술을 많이 드시고 쓰러져 있는 걸 봤어요",
    "Our neighbour has had no heating all winter and looks very thin",
    "혼자 사시는 어르신 집에서 이상한 냄새가 나요",
    "아이 둘이 밤늦게까지 밥을 못 먹고 밖에 있어요",
    "월세가 밀려서 다음 주에 나가야 한다고 하세요",
    "楼上的老人好几天没出门了，邻居都很担心",
    "전기가 끊긴 집이 있어요. 할아버지가 혼자 계세요",
)
OUTCOMES = ("visited", "public_benefit", "partner_referral", "no_need", "unreachable")


def _sql_array(values: tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


# Case g (1..N) was received (N - g) * 126 s before now: N cases over about four years, the
# newest last. The newest 6% and one in 94 of the others are still open: 7% in all.
FILL_STEPS = (
    (
        "reporters",
        """
        INSERT INTO reporters (id, telegram_user_id, chat_id, language, role, state,
            reachable, created_at, updated_at, language_chosen, contact_consent,
            burst_count, burst_warned)
        SELECT g, 900000000 + g, 900000000 + g, 'ko', 'resident', 'idle', true,
            now() - interval '4 years', now() - interval '4 years', false, false, 0, false
        FROM generate_series(1, :reporters) g
        """,
    ),
    (
        "cases",
        f"""
        INSERT INTO cases (id, reference, status, priority, score, reasons,
            priority_set_by_staff, source, summary, reporter_id, team, outcome,
            reporter_unreachable, created_at, updated_at, due_at, closed_at, facts,
            reporters_count, duplicate_of, duplicate_state, sla_breaches)
        SELECT g, 'SG-M' || lpad(g::text, 7, '0'), status, priority, 10,
            '[]'::json, false, CASE WHEN g % 10 = 0 THEN 'volunteer' ELSE 'resident' END,
            ({_sql_array(REPORTS)})[g % 8 + 1], 1 + (g::bigint * 7919) % :reporters,
            ({_sql_array(TEAMS)})[g % 4 + 1],
            CASE WHEN status = 'closed' THEN ({_sql_array(OUTCOMES)})[g % 5 + 1] END,
            false, created, created + interval '3 days',
            created + CASE priority WHEN 'critical' THEN interval '2 hours'
                WHEN 'high' THEN interval '1 day' WHEN 'normal' THEN interval '3 days'
                ELSE interval '7 days' END,
            CASE WHEN status = 'closed' THEN created + interval '3 days' END,
            '{{}}'::json, 1,
            CASE WHEN g % 25 = 0 THEN g - 1 END, CASE WHEN g % 25 = 0 THEN 'confirmed' END, 0
        FROM (
            SELECT g, now() - (:cases - g) * interval '126 seconds' AS created,
                CASE WHEN g > :cases * 0.94 OR g % 94 = 0
                    THEN (ARRAY['new', 'new', 'in_progress', 'in_progress',
                        'help_arranged'])[g % 5 + 1]
                    ELSE 'closed' END AS status,
                CASE WHEN (g::bigint * 2654435761) % 100 < 3 THEN 'critical'
                    WHEN (g::bigint * 2654435761) % 100 < 20 THEN 'high'
                    WHEN (g::bigint * 2654435761) % 100 < 80 THEN 'normal'
                    ELSE 'low' END AS priority
            FROM generate_series(1, :cases) g
        ) AS generated
        """,  # noqa: S608 (constants of this script)
    ),
    (
        "messages",
        """
        INSERT INTO messages (case_id, direction, author, kind, text, delivery, created_at,
            delivered_at)
        SELECT id, 'in', 'reporter', 'text', summary, NULL, created_at, NULL FROM cases
        UNION ALL
        SELECT id, 'out', 'bot', 'text', '접수되었습니다. 참조번호 ' || reference, 'sent',
            created_at + interval '2 seconds', created_at + interval '2 seconds' FROM cases
        UNION ALL
        SELECT id, 'out', 'staff', 'text', '담당자입니다. 내일 방문하겠습니다.', 'sent',
            created_at + interval '3 hours', created_at + interval '3 hours'
        FROM cases WHERE id % 5 = 0
        """,
    ),
    (
        "case_events",
        """
        INSERT INTO case_events (case_id, kind, data, at)
        SELECT id, 'created', json_build_object('priority', priority, 'reasons', '[]'::json),
            created_at FROM cases
        UNION ALL
        SELECT id, 'status_changed', json_build_object('from', 'new', 'to', status),
            created_at + interval '5 hours' FROM cases WHERE status <> 'new'
        UNION ALL
        SELECT id, 'outcome_set', json_build_object('outcome', outcome), closed_at
        FROM cases WHERE status = 'closed'
        """,
    ),
)


def ensure_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def _renice_backend(connection: Any) -> None:
    pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    try:
        os.setpriority(os.PRIO_PROCESS, int(pid), 19)
    except OSError:
        print("  (cannot renice the PostgreSQL session; it runs at normal priority)")


def case_count(engine: Engine) -> int:
    with engine.connect() as connection:
        has_table = connection.execute(text("SELECT to_regclass('cases')")).scalar()
        if has_table is None:
            return 0
        return int(connection.execute(text("SELECT count(*) FROM cases")).scalar() or 0)


def fill(engine: Engine, cases: int) -> dict[str, float]:
    timings: dict[str, float] = {}
    with engine.begin() as connection:
        _renice_backend(connection)
        connection.execute(text("SET LOCAL synchronous_commit = off"))
        connection.execute(
            text("TRUNCATE case_events, messages, audit_log, cases, reporters CASCADE")
        )
        for name, statement in FILL_STEPS:
            started = time.perf_counter()
            connection.execute(text(statement), {"cases": cases, "reporters": cases // 4})
            timings[name] = round(time.perf_counter() - started, 1)
            print(f"  {name}: {timings[name]} s", flush=True)
        for table in ("reporters", "cases", "messages", "case_events"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
            )
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        _renice_backend(connection)
        connection.execute(text("VACUUM ANALYZE"))
    timings["vacuum_analyze"] = round(time.perf_counter() - started, 1)
    return timings


def add_staff(engine: Engine) -> dict[str, str]:
    """A supervisor (every team) and a member of the first team; their API tokens."""
    tokens = {}
    with session_scope(engine) as session:
        for username, role, team in (
            ("million-supervisor", "supervisor", None),
            ("million-staff", "staff", TEAMS[0]),
        ):
            account = staff_repo.find_by_username(
                session, username=username
            ) or staff_repo.create_staff(
                session, username=username, password=PASSWORD, role=role, team=team
            )
            assert account.id is not None
            tokens[username] = staff_repo.issue_token(session, staff_id=account.id)
    return tokens


def deep_cursor(engine: Engine, offset: int) -> str:
    """The `after` cursor the API gives for the page ending `offset` rows into the closed
    cases (found once, by an offset)."""
    from sqlmodel import Session

    from storage import cases, queue_pages
    from storage.types import utcnow

    now = utcnow()
    where = cases.QueueFilter(status="closed", limit=1, offset=offset - 1)
    with Session(engine) as session:
        (row,) = cases.list_queue(session, where=where, now=now)
    return queue_pages.position_of(row, now).encode()


def summarize(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * p95, 1),
        "max_ms": round(1000 * ordered[-1], 1),
        "n": len(ordered),
    }


async def timed(client: httpx.AsyncClient, path: str, samples: int, **kwargs: Any) -> list[float]:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        answer = await client.get(path, **kwargs)
        times.append(time.perf_counter() - started)
        if answer.status_code != 200:
            raise RuntimeError(f"GET {path}: {answer.status_code} {answer.text[:300]}")
    return times


async def sign_in(client: httpx.AsyncClient, username: str) -> None:
    form = await client.get("/admin/login")
    match = CSRF.search(form.text)
    assert match, "no CSRF token on the sign-in page"
    answer = await client.post(
        "/admin/login",
        data={"username": username, "password": PASSWORD, "csrf_token": match.group(1)},
    )
    if answer.status_code >= 400 or not client.cookies:
        raise RuntimeError(f"sign-in failed: {answer.status_code}")


async def measure(
    url: str, tokens: dict[str, str], cursor: str, case_id: int, samples: int, only: str
) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    supervisor = {"Authorization": f"Bearer {tokens['million-supervisor']}"}
    team_staff = {"Authorization": f"Bearer {tokens['million-staff']}"}
    async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=120) as client:
        await timed(client, "/api/cases", 3, headers=supervisor)  # warm caches and pools
        first = await client.get("/api/cases", headers=supervisor)
        second_page = first.json()["next"]
        api = [
            ("GET /api/cases (supervisor)", "/api/cases", supervisor, samples),
            ("GET /api/cases (one team's staff)", "/api/cases", team_staff, samples),
            ("GET /api/cases?after=<page 1's next>",
             f"/api/cases?after={second_page}", supervisor, samples),
            ("?status=closed&limit=50&after=<row 500,000>",
             f"/api/cases?status=closed&limit=50&after={cursor}", supervisor, samples),
            ("?status=closed&limit=50&offset=500000",
             "/api/cases?status=closed&limit=50&offset=500000", supervisor, max(3, samples // 6)),
            ("GET /api/cases/{id}", f"/api/cases/{case_id}", supervisor, samples),
        ]  # fmt: skip
        for name, path, headers, count in api:
            if only not in name:
                continue
            results[name] = summarize(await timed(client, path, count, headers=headers))
            print(f"  {name}: {results[name]}", flush=True)
    async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=120) as client:
        await sign_in(client, "million-supervisor")
        pages = [
            ("queue page /admin/", "/admin/", samples),
            ("queue page, closed /admin/?status=closed", "/admin/?status=closed", samples),
            ("search /admin/?status=all&q=할머니",
             "/admin/?status=all&q=%ED%95%A0%EB%A8%B8%EB%8B%88", max(3, samples // 6)),
            ("case page /admin/cases/{id}", f"/admin/cases/{case_id}", samples),
            ("statistics /admin/stats", "/admin/stats", max(3, samples // 6)),
        ]  # fmt: skip
        for name, path, count in pages:
            if only not in name:
                continue
            results[name] = summarize(await timed(client, path, count))
            print(f"  {name}: {results[name]}", flush=True)
    return results


async def serve_and_measure(database_url: str, tokens: dict[str, str], **kwargs: Any) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAGAK_", "BENCH_"))}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as tmp_name, FakeTelegram() as fake:
        tmp = Path(tmp_name)
        env.update(
            {
                "SAGAK_DATABASE_URL": database_url,
                "SAGAK_DATA_DIR": str(tmp),
                "SAGAK_TELEGRAM_TOKEN": fake.token,
                "SAGAK_TELEGRAM_API_URL": fake.url,
                "SAGAK_WEBHOOK_SECRET": SECRET,
            }
        )
        port = srv.free_port()
        log = tmp / "sagak.log"
        cmd = ["nice", "-n", "19", str(BIN / "sagak"), "serve", "--no-workers"]
        proc = srv.start([*cmd, "--host", srv.HOST, "--port", str(port)], env, tmp, log)
        try:
            url = f"http://{srv.HOST}:{port}"
            await srv.wait_ready(url, "/healthz", proc, log)
            return await measure(url, tokens, **kwargs)
        finally:
            srv.stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--refill", action="store_true", help="fill again even if full")
    parser.add_argument("--fill-only", action="store_true", help="fill, then stop")
    parser.add_argument("--only", default="", help="time only requests whose name has this")
    args = parser.parse_args()
    if make_url(args.database_url).database in ("test", "postgres"):
        parser.error("use a database of its own: this one is emptied and filled")
    ensure_database(args.database_url)
    engine = make_engine(args.database_url)
    report: dict[str, Any] = {"cases": args.cases}
    started = time.perf_counter()
    upgrade(engine)
    report["migrations_s"] = round(time.perf_counter() - started, 1)
    print(f"migrations: {report['migrations_s']} s", flush=True)
    if args.refill or case_count(engine) != args.cases:
        print(f"filling {args.database_url} with {args.cases:,} cases ...", flush=True)
        report["fill_s"] = fill(engine, args.cases)
    if args.fill_only:
        return
    tokens = add_staff(engine)
    cursor = deep_cursor(engine, min(500_000, args.cases // 2))
    with engine.connect() as connection:
        case_id = int(connection.execute(text("SELECT max(id) - 7 FROM cases")).scalar() or 1)
    engine.dispose()
    print("measuring over HTTP ...", flush=True)
    report["requests"] = asyncio.run(
        serve_and_measure(
            args.database_url,
            tokens,
            cursor=cursor,
            case_id=case_id,
            samples=args.samples,
            only=args.only,
        )
    )
    out = ROOT / "bench" / "results" / "million.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\n{'request':<48}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, numbers in report["requests"].items():
        print(f"{name:<48}{numbers['p50_ms']:>9}{numbers['p95_ms']:>9}{numbers['max_ms']:>9}")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
