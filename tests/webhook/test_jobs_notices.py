"""Reporters hear, in their language and without details, when staff move their case on."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.catalog import t
from bot.jobs import JobConfig, run_status_notices
from storage import cases, duplicates
from storage.models import Case, Reporter
from storage.types import utcnow
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer
from tests.storage.reports import load, report
from tests.updates import Person
from tests.webhook.jobs_kit import event_kinds, outbox_texts


async def _report(sagak: Sagak, fake: FakeTelegram, person: Person, text: str) -> Case:
    await sagak.deliver(person.text(text))
    await fake.wait_for(chat_id=person.id)
    with Session(sagak.engine) as session:
        case = session.exec(
            select(Case)
            .join(Reporter, col(Reporter.id) == col(Case.reporter_id))
            .where(col(Reporter.channel_user_id) == str(person.id))
        ).one()
        return case


def _patch_status(engine: Engine, case_id: int, status: str) -> None:
    # As the staff API does: the status and its history event (see routes_api).
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        cases.record_event(
            session,
            case_id=case_id,
            kind="status_changed",
            data={"from": case.status, "to": status},
        )
        case.status = status
        case.closed_at = utcnow() if status == "closed" else None
        session.add(case)
        session.commit()


async def test_the_reporter_hears_that_staff_took_up_the_case(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    person = Person(6101, "en")
    case = await _report(sagak, fake_telegram, person, "My neighbour has no heating and is ill")
    token = sagak.staff_token("han", role="supervisor")
    response = await sagak.client.patch(
        f"/api/cases/{case.id}", json={"status": "in_progress"}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    before = len(fake_telegram.sent(chat_id=person.id))
    assert run_status_notices(sagak.engine, JobConfig(), now=utcnow()) == 1
    assert run_status_notices(sagak.engine, JobConfig(), now=utcnow()) == 0
    calls = await fake_telegram.wait_for(chat_id=person.id, count=before + 1, timeout=15)
    notice = calls[-1].params["text"]
    assert notice == t("en", "jobs.status.in_progress", reference=case.reference)
    assert "heating" not in notice


def test_closing_a_case_tells_the_reporter_in_their_language(engine: Engine) -> None:
    case_id = report(engine, 7, "할머니가 밥을 못 드세요")
    with Session(engine) as session:
        reporter = session.exec(select(Reporter).where(col(Reporter.channel_user_id) == "7")).one()
        reporter.language = "zh"
        session.add(reporter)
        session.commit()
    _patch_status(engine, case_id, "closed")
    run_status_notices(engine, JobConfig(), now=utcnow())
    reference = load(engine, case_id).reference
    assert outbox_texts(engine, 7) == [t("zh", "jobs.status.closed", reference=reference)]


def test_reopening_a_case_says_nothing(engine: Engine) -> None:
    case_id = report(engine, 7, "할머니가 밥을 못 드세요")
    _patch_status(engine, case_id, "closed")
    _patch_status(engine, case_id, "new")
    assert run_status_notices(engine, JobConfig(), now=utcnow()) == 1
    assert run_status_notices(engine, JobConfig(), now=utcnow()) == 0


def test_a_reporter_who_blocked_the_bot_is_not_written_to(engine: Engine) -> None:
    case_id = report(engine, 7, "할머니가 밥을 못 드세요")
    with Session(engine) as session:
        reporter = session.exec(select(Reporter).where(col(Reporter.channel_user_id) == "7")).one()
        reporter.reachable = False
        session.add(reporter)
        session.commit()
    _patch_status(engine, case_id, "in_progress")
    assert run_status_notices(engine, JobConfig(), now=utcnow()) == 0
    assert outbox_texts(engine, 7) == []


def test_reports_folded_into_a_household_follow_it_and_their_reporters_hear(
    engine: Engine,
) -> None:
    address = "서산시 읍내동 456"
    primary = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", address=address)
    linked = report(engine, 2, "옆집 할아버지 요즘 외로워 보이세요", address=address)
    with Session(engine) as session:
        case = session.get(Case, linked)
        assert case is not None
        case.duplicate_state = duplicates.CONFIRMED
        session.add(case)
        session.commit()
    _patch_status(engine, primary, "closed")
    assert run_status_notices(engine, JobConfig(), now=utcnow()) == 2
    follower = load(engine, linked)
    assert (follower.status, follower.outcome) == ("closed", "duplicate")
    assert "status_followed" in event_kinds(engine, linked)
    assert len(outbox_texts(engine, 2)) == 1
