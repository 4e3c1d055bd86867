"""Reports about the same household join one case, which counts its reporters."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage import cases, households
from storage.models import Case, Staff
from storage.types import utcnow
from tests.storage.reports import follow_up, load, report

SEOSAN_HALL = (36.7848, 126.4503)
ABOUT_30_M_NORTH = (36.78507, 126.4503)
ABOUT_200_M_NORTH = (36.7866, 126.4503)


def _staff(engine: Engine) -> Staff:
    with Session(engine, expire_on_commit=False) as session:
        staff = Staff(username="kim", password_hash="-", role="supervisor")
        session.add(staff)
        session.commit()
        return staff


def _queue_ids(engine: Engine) -> list[int]:
    with Session(engine) as session:
        rows = cases.list_queue(session, where=cases.QueueFilter())
        return [c.id for c in rows if c.id is not None]


def test_reports_with_the_same_address_join_the_older_case(engine: Engine) -> None:
    first = report(
        engine, 1, "혼자 사시는 할아버지가 걱정돼요", address="충남 서산시 대산읍 대산리 123-4"
    )
    second = report(
        engine, 2, "할아버지 댁에 불이 며칠째 꺼져 있어요", address="대산읍 대산리 123-4번지"
    )
    linked = load(engine, second)
    assert linked.duplicate_of == first
    assert linked.duplicate_state == "suspected"
    assert load(engine, first).reporters_count == 2


def test_several_independent_reporters_raise_the_household(engine: Engine) -> None:
    address = "서산시 읍내동 456"
    first = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", address=address)
    assert load(engine, first).priority == "normal"
    report(engine, 2, "옆집 할아버지 요즘 외로워 보이세요", address=address)
    report(engine, 3, "할아버지가 혼자 지내시는데 한번 가봐 주세요", address=address)
    household = load(engine, first)
    assert household.reporters_count == 3
    assert household.priority == "high"
    assert "several_reporters" in {r["code"] for r in household.reasons}


def test_the_same_reporter_twice_is_one_reporter(engine: Engine) -> None:
    address = "서산시 읍내동 456"
    first = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", address=address)
    report(engine, 1, "그 할아버지 말인데요, 오늘도 안 보이세요", address=address)
    assert load(engine, first).reporters_count == 1


def test_shared_locations_within_fifty_metres_join(engine: Engine) -> None:
    first = report(engine, 1, "할머니가 밥을 못 드세요", location=SEOSAN_HALL)
    near = report(engine, 2, "노인분이 쓰레기를 모으세요", location=ABOUT_30_M_NORTH)
    far = report(engine, 3, "노부부가 난방을 못 하세요", location=ABOUT_200_M_NORTH)
    assert load(engine, near).duplicate_of == first
    assert load(engine, far).duplicate_of is None


def test_a_later_location_links_the_report_when_it_arrives(engine: Engine) -> None:
    first = report(engine, 1, "할머니가 밥을 못 드세요", location=SEOSAN_HALL)
    second = report(engine, 2, "노인분이 쓰레기를 모으세요")
    assert load(engine, second).duplicate_of is None
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, second)
        assert case is not None
        case.latitude, case.longitude = ABOUT_30_M_NORTH
        cases.retriage(session, case=case)
        session.commit()
    assert load(engine, second).duplicate_of == first


def test_near_but_different_units_stay_apart(engine: Engine) -> None:
    report(
        engine,
        1,
        "할머니가 밥을 못 드세요",
        address="읍내동 주공아파트 101동 202호",
        location=SEOSAN_HALL,
    )
    other = report(
        engine,
        2,
        "아이가 혼자 있어요",
        address="읍내동 주공아파트 101동 305호",
        location=ABOUT_30_M_NORTH,
    )
    assert load(engine, other).duplicate_of is None


def test_vague_places_never_link(engine: Engine) -> None:
    report(engine, 1, "옆집 할머니가 밥을 못 드세요", address="옆집")
    other = report(engine, 2, "옆집 아저씨가 술만 드세요", address="옆집")
    assert load(engine, other).duplicate_of is None


def test_a_forwarded_text_within_days_joins_but_not_a_week_later(engine: Engine) -> None:
    text = "시장 골목 끝 반지하 할머니가 며칠째 식사를 못 하셨대요. 도와주세요"
    start = utcnow() - timedelta(days=10)
    first = report(engine, 1, text, at=start)
    same = report(engine, 2, text, at=start + timedelta(days=1))
    late = report(engine, 3, text, at=start + timedelta(days=6))
    assert load(engine, same).duplicate_of == first
    assert load(engine, late).duplicate_of is None


def test_a_closed_case_is_not_a_household_to_join(engine: Engine) -> None:
    address = "서산시 읍내동 456"
    first = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", address=address)
    with Session(engine) as session:
        case = session.get(Case, first)
        assert case is not None
        case.status = "closed"
        session.add(case)
        session.commit()
    second = report(engine, 2, "옆집 할아버지 요즘 외로워 보이세요", address=address)
    assert load(engine, second).duplicate_of is None


def test_suspected_duplicates_stay_in_the_queue_until_confirmed(engine: Engine) -> None:
    address = "서산시 읍내동 456"
    first = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", address=address)
    second = report(engine, 2, "옆집 할아버지 요즘 외로워 보이세요", address=address)
    assert set(_queue_ids(engine)) == {first, second}
    staff = _staff(engine)
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, second)
        assert case is not None
        households.confirm(session, case=case, staff=staff)
        session.commit()
    assert _queue_ids(engine) == [first]


def test_staff_merge_folds_a_report_and_its_words_into_the_household(engine: Engine) -> None:
    first = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요")
    second = report(engine, 2, "아랫집 어르신이 농약을 사 두셨대요")
    staff = _staff(engine)
    with Session(engine, expire_on_commit=False) as session:
        case, into = session.get(Case, second), session.get(Case, first)
        assert case is not None and into is not None
        primary = households.merge(session, case=case, into=into, staff=staff)
        session.commit()
    assert primary.id == first
    household = load(engine, first)
    assert household.priority == "critical"
    assert household.reporters_count == 2
    assert load(engine, second).duplicate_state == "confirmed"


def test_split_separates_the_households_for_good(engine: Engine) -> None:
    address = "서산시 읍내동 456"
    first = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", address=address)
    second = report(engine, 2, "그 집 할아버지가 쓰러지셨어요", address=address)
    assert load(engine, first).priority == "critical"
    staff = _staff(engine)
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, second)
        assert case is not None
        households.split(session, case=case, staff=staff)
        session.commit()
    assert load(engine, second).duplicate_of is None
    assert load(engine, first).reporters_count == 1
    assert load(engine, first).priority == "normal"
    follow_up(engine, second, "주소는 읍내동 456 입니다")
    assert load(engine, second).duplicate_of is None


def test_linking_a_household_moves_its_reports_along(engine: Engine) -> None:
    a = report(engine, 1, "혼자 사시는 할아버지가 걱정돼요", address="읍내동 456")
    b = report(engine, 2, "할아버지가 요즘 안 보이세요", address="읍내동 456")
    c = report(engine, 3, "노인분이 쓰레기를 모으세요", location=SEOSAN_HALL)
    staff = _staff(engine)
    with Session(engine, expire_on_commit=False) as session:
        primary, into = session.get(Case, a), session.get(Case, c)
        assert primary is not None and into is not None
        households.merge(session, case=primary, into=into, staff=staff)
        session.commit()
    with Session(engine) as session:
        linked = session.exec(select(Case.id).where(col(Case.duplicate_of) == c)).all()
    assert set(linked) == {a, b}
    assert load(engine, c).reporters_count == 3
