"""`sagak demo seed`: a week of realistic reports, so the queue and statistics are not empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from storage.db import make_engine
from storage.models import Case, Message, Partner, Referral, Reporter
from tests.harness import bearer, start_sagak
from tests.webhook.test_cli import _sagak
from tests.webhook.test_simulator_chat import simulator_settings


async def test_demo_seed_fills_the_queue_with_a_week_in_three_languages(
    database_url: str, tmp_path: Path
) -> None:
    result = _sagak(["demo", "seed"], database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "added 39 demo reports" in result.stdout
    again = _sagak(["demo", "seed"], database_url, tmp_path)
    assert again.returncode == 0 and "already" in again.stdout

    engine = make_engine(database_url)
    with Session(engine) as session:
        cases = session.exec(select(Case)).all()
        languages = {r.language for r in session.exec(select(Reporter)).all()}
        staff_replies = session.exec(select(Message).where(col(Message.author) == "staff")).all()
        partners = session.exec(select(Partner)).all()
        referred = session.exec(select(Referral)).all()
        referred_cases = {c.id for c in cases if c.outcome == "partner_referral"}
    engine.dispose()
    assert len(partners) == 5 and all(p.name.startswith("(데모)") for p in partners)
    assert {r.case_id for r in referred} == referred_cases
    assert {r.result for r in referred} == {"helped"}
    assert len(cases) == 39 and languages == {"ko", "en", "zh"}
    assert {c.priority for c in cases} >= {"critical", "high", "normal"}
    assert {c.status for c in cases} == {"new", "in_progress", "help_arranged", "closed"}
    assert {c.outcome for c in cases} >= {"visited", "public_benefit", "partner_referral"}
    assert {c.source for c in cases} == {"resident", "volunteer"}
    ages = [c.created_at for c in cases]
    assert (max(ages) - min(ages)).days == 6  # spread over the past week
    assert staff_replies and all(m.delivery == "sent" for m in staff_replies)

    settings: Any = simulator_settings(database_url, tmp_path)
    async with start_sagak(settings) as sagak:
        token = sagak.staff_token("kim", "supervisor")
        queue = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
        assert len(queue) >= 30  # confirmed duplicates fold into their household
        assert queue[0]["status"] != "closed" and queue[0]["priority"] == "critical"


def test_demo_seed_refuses_a_database_with_a_real_bot(database_url: str, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SAGAK_TELEGRAM_TOKEN=123:real\nSAGAK_WEBHOOK_SECRET=secret\n")
    result = _sagak(["demo", "seed"], database_url, tmp_path)
    assert result.returncode == 2 and "SAGAK_TELEGRAM_TOKEN is set" in result.stderr
