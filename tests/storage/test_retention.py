"""Personal data of long-closed cases is erased; anonymous figures stay."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage import attachments, cases, outbox, reporters, retention
from storage.attachment_store import file_store
from storage.attachments import Limits
from storage.models import (
    Attachment,
    Case,
    CaseEvent,
    Message,
    OutboxMessage,
    Reporter,
    VisitRequest,
    Volunteer,
)
from storage.types import utcnow
from tests.storage.reports import load, report

FIVE_YEARS = timedelta(days=1826)


def _close(engine: Engine, case_id: int, *, days_ago: int, outcome: str = "visited") -> None:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.status = "closed"
        case.outcome = outcome
        case.closed_at = utcnow() - timedelta(days=days_ago)
        session.add(case)
        cases.record_event(
            session,
            case_id=case_id,
            kind="status_changed",
            data={"from": "new", "to": "closed", "reason": "김영희 할머니 댁 방문 완료"},
        )
        message = cases.add_message(
            session, case_id=case_id, direction="in", author="reporter", text="사진"
        )
        assert message.id is not None
        cases.add_attachment(
            session,
            case_id=case_id,
            message_id=message.id,
            kind="photo",
            telegram_file_id="AgAD-file",
            telegram_file_unique_id="uniq",
        )
        outbox.enqueue(
            session, chat_id=777, method="sendMessage", payload={"text": "접수"}, case_id=case_id
        )
        session.commit()


def _erase(engine: Engine) -> int:
    with Session(engine) as session:
        erased = retention.erase_expired(session, now=utcnow(), retention=FIVE_YEARS)
        session.commit()
        return erased


def test_cases_closed_over_five_years_ago_lose_their_personal_data(engine: Engine) -> None:
    old = report(
        engine,
        1,
        "김영희 할머니가 번개탄을 사셨어요",
        address="대산읍 대산리 123",
        location=(36.9, 126.4),
        facts={"elderly": True, "disability": True},
    )
    _close(engine, old, days_ago=1900)
    assert _erase(engine) == 1
    case = load(engine, old)
    assert case.erased_at is not None
    assert (case.summary, case.address, case.latitude, case.longitude) == ("", None, None, None)
    assert case.reporter_id is None and case.facts == {}
    assert all("matched" not in reason for reason in case.reasons)
    assert "suicide_means" in {r["code"] for r in case.reasons}
    with Session(engine) as session:
        texts = session.exec(select(Message.text).where(col(Message.case_id) == old)).all()
        files = session.exec(select(Attachment.telegram_file_id)).all()
        rows = session.exec(select(OutboxMessage).where(col(OutboxMessage.case_id) == old)).all()
        history = session.exec(select(CaseEvent.data).where(col(CaseEvent.case_id) == old)).all()
    assert texts and set(texts) == {""}
    assert files == [""]
    assert all(row.payload == {} and row.chat_id == 0 for row in rows)
    assert "김영희" not in repr(history)
    assert {"from": "new", "to": "closed"} in history


def test_what_staff_told_a_volunteer_about_the_household_is_erased_too(engine: Engine) -> None:
    from bot.visits import send_request

    old = report(engine, 2, "옆집 할아버지가 안 보여요", address="대산읍 대산리 45")
    with Session(engine) as session:
        volunteer_reporter = Reporter(telegram_user_id=55501, chat_id=55501, role="volunteer")
        session.add(volunteer_reporter)
        session.flush()
        assert volunteer_reporter.id is not None
        volunteer = Volunteer(reporter_id=volunteer_reporter.id, name="김이장")
        session.add(volunteer)
        session.flush()
        case = session.get(Case, old)
        assert case is not None
        send_request(
            session, case=case, volunteer=volunteer, details="대산리 45 할아버지", staff_id=None
        )
        session.commit()
    _close(engine, old, days_ago=1900)
    assert _erase(engine) == 1
    with Session(engine) as session:
        details = session.exec(select(VisitRequest.details)).all()
        to_volunteer = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.chat_id) == 55501)
        ).all()
    assert details == [""]
    assert to_volunteer == []  # the request's message was scrubbed with the case


def test_open_and_recently_closed_cases_are_kept(engine: Engine) -> None:
    open_case = report(engine, 1, "할머니가 밥을 못 드세요")
    recent = report(engine, 2, "할아버지가 난방을 못 하세요")
    _close(engine, recent, days_ago=1800)
    assert _erase(engine) == 0
    assert load(engine, open_case).summary and load(engine, recent).summary


def test_anonymous_figures_survive_erasure(engine: Engine) -> None:
    for user in (1, 2, 3):
        case_id = report(engine, user, f"{user}번지 할머니가 밥을 못 드세요", source="volunteer")
        _close(engine, case_id, days_ago=1900, outcome="public_benefit")
    with Session(engine) as session:
        before = retention.anonymous_counts(session, tz=ZoneInfo("Asia/Seoul"))
    _erase(engine)
    with Session(engine) as session:
        after = retention.anonymous_counts(session, tz=ZoneInfo("Asia/Seoul"))
    assert after == before
    ((week, priority, source, outcome, _team), count) = next(iter(after.items()))
    assert (priority, source, outcome, count) == ("high", "volunteer", "public_benefit", 3)
    assert week.startswith(str(utcnow().year)[:2])


def test_a_reporter_with_nothing_left_is_anonymised(engine: Engine) -> None:
    gone = report(engine, 111, "할머니가 밥을 못 드세요")
    _close(engine, gone, days_ago=1900)
    still = report(engine, 222, "할아버지가 난방을 못 하세요")
    _close(engine, still, days_ago=1900)
    report(engine, 222, "다른 집 아이가 혼자 있어요")  # the same person reports again
    _erase(engine)
    with Session(engine) as session:
        ids = set(session.exec(select(Reporter.telegram_user_id)).all())
    assert 111 not in ids
    assert 222 in ids


def test_a_returning_resident_after_erasure_starts_afresh(engine: Engine) -> None:
    gone = report(engine, 111, "할머니가 밥을 못 드세요")
    _close(engine, gone, days_ago=1900)
    _erase(engine)
    with Session(engine) as session:
        _reporter, created = reporters.get_or_create(
            session, telegram_user_id=111, chat_id=111, language="ko"
        )
        session.commit()
    assert created


def test_erasing_a_case_deletes_its_kept_files_and_spares_other_cases(
    engine: Engine, tmp_path: Path
) -> None:
    store = file_store(tmp_path)
    old = report(engine, 31, "반지하 창문이 깨져 있어요")
    recent = report(engine, 32, "할머니 댁에 불이 꺼져 있어요")
    keys = {}
    for case_id in (old, recent):
        with Session(engine) as session:
            message = cases.add_message(
                session, case_id=case_id, direction="in", author="reporter", text="", kind="photo"
            )
            assert message.id is not None
            row = attachments.keep(
                session,
                store,
                case_id=case_id,
                message_id=message.id,
                kind="photo",
                content=b"\xff\xd8\xff" + bytes([case_id]) * 50,
                limits=Limits(),
            )
            keys[case_id] = row.storage_key
            session.commit()
    _close(engine, old, days_ago=1900)
    _close(engine, recent, days_ago=10)
    assert retention.run_daily(engine, retention=FIVE_YEARS, store=store) == 1
    assert not store.exists(keys[old]) and store.exists(keys[recent])
    with Session(engine) as session:
        rows = session.exec(select(Attachment).where(col(Attachment.case_id) == old)).all()
    assert [(row.status, row.storage_key) for row in rows] == [("erased", None)] * len(rows)
