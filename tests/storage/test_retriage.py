"""Re-assessing a case from all its messages, the reporter's answers and its reporters."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage import cases
from storage.models import Case, CaseEvent
from storage.types import utcnow
from tests.storage.reports import follow_up, load, report
from triage import Priority


def _events(engine: Engine, case_id: int, kind: str) -> list[CaseEvent]:
    with Session(engine) as session:
        statement = select(CaseEvent).where(
            col(CaseEvent.case_id) == case_id, col(CaseEvent.kind) == kind
        )
        return list(session.exec(statement).all())


def test_a_follow_up_with_danger_words_raises_the_case_to_critical(engine: Engine) -> None:
    case_id = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요")
    assert load(engine, case_id).priority == "normal"
    assert follow_up(engine, case_id, "어제 번개탄을 사가셨대요")
    case = load(engine, case_id)
    assert case.priority == "critical"
    assert "suicide_means" in {r["code"] for r in case.reasons}
    assert _events(engine, case_id, "priority_raised")[0].data["to"] == "critical"


def test_raising_a_case_starts_the_new_levels_clock_when_the_news_arrived(
    engine: Engine,
) -> None:
    start = utcnow() - timedelta(days=2)
    case_id = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", at=start)
    later = start + timedelta(hours=30)
    follow_up(engine, case_id, "쓰러져서 못 일어나세요", at=later)
    assert load(engine, case_id).due_at == later + timedelta(hours=1)


def test_answers_about_the_household_count_in_the_assessment(engine: Engine) -> None:
    plain = report(engine, 1, "할머니 한번 들여다봐 주세요")
    answered = report(
        engine,
        2,
        "할머니 한번 들여다봐 주세요!",
        facts={"elderly": True, "lives_alone": True, "disability": True},
    )
    assert load(engine, plain).priority == "low"
    case = load(engine, answered)
    assert case.priority == "normal"
    assert {"elderly_alone", "disability"} <= {r["code"] for r in case.reasons}


def test_a_reporters_urgency_raises_but_never_lowers(engine: Engine) -> None:
    calm = report(engine, 1, "월세가 밀려서 걱정이래요", facts={"reporter_urgency": "now"})
    assert load(engine, calm).priority == "high"
    danger = report(engine, 2, "할아버지가 쓰러지셨어요", facts={"reporter_urgency": "soon"})
    assert load(engine, danger).priority == "critical"


def test_a_volunteers_tip_is_read_as_more_reliable(engine: Engine) -> None:
    resident = report(engine, 1, "어르신이 혼자 사시는데 요즘 통 안 나오세요")
    volunteer = report(engine, 2, "[현장] 3통 2반 독거 어르신 외출이 없음", source="volunteer")
    assert load(engine, volunteer).score > load(engine, resident).score
    assert "volunteer_report" in {r["code"] for r in load(engine, volunteer).reasons}


def test_staff_set_priority_stands_and_triage_only_suggests(engine: Engine) -> None:
    case_id = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요")
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        cases.set_priority(session, case=case, priority=Priority.LOW)
        session.commit()
    assert not follow_up(engine, case_id, "죽고 싶다고 하셨대요")
    assert not follow_up(engine, case_id, "자꾸 죽고 싶다고 하세요")
    assert load(engine, case_id).priority == "low"
    suggestions = _events(engine, case_id, "triage_suggests")
    assert [s.data["priority"] for s in suggestions] == ["critical"]


def test_retriage_never_lowers_a_priority_on_its_own(engine: Engine) -> None:
    case_id = report(engine, 1, "할머니가 쓰러지셨어요")
    follow_up(engine, case_id, "이제 괜찮으시대요")
    assert load(engine, case_id).priority == "critical"


def test_idiom_in_a_follow_up_does_not_raise(engine: Engine) -> None:
    case_id = report(engine, 1, "아랫집 할머니가 혼자 사세요")
    assert not follow_up(engine, case_id, "저도 요즘 일이 많아서 힘들어 죽겠어요 ㅎㅎ")
    assert load(engine, case_id).priority == "normal"
