"""A household belongs to one team: another team's report never stays linked to it, and a
merge across teams is a supervisor's call."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import cases, households
from storage.case_actions import apply_changes
from storage.models import Case, Staff
from storage.policy import Policy, save_policy
from storage.routing import read_districts_file, save_districts
from tests.storage.reports import load, locate, report

# Team haemi-myeon's report, and team daesan-eup's: the same words forwarded, plus one line
# only the second reporter wrote.
HAEMI_WORDS = "혼자 사시는 할아버지가 요즘 끼니를 거르시는 것 같아서 걱정돼요 한번 가봐 주세요"
DAESAN_WORDS = HAEMI_WORDS + " 농약을 사두셨대요"
HAEMI = "서산시 해미면 읍내리 12"
DAESAN = "서산시 대산읍 대산리 5"


def _configure(engine: Engine, default_team: str | None = None) -> None:
    with Session(engine) as session:
        save_districts(session, districts=read_districts_file("builtin:seosan"))
        save_policy(session, policy=Policy(default_team=default_team))
        session.commit()


def _staff(engine: Engine, username: str, role: str = "staff", team: str | None = None) -> Staff:
    with Session(engine, expire_on_commit=False) as session:
        staff = Staff(username=username, password_hash="-", role=role, team=team)
        session.add(staff)
        session.commit()
        return staff


def _words(case: Case) -> str:
    return " ".join(str(reason["matched"]) for reason in case.reasons)


def _kinds(engine: Engine, case_id: int) -> list[tuple[str, dict[str, object]]]:
    with Session(engine) as session:
        return [(e.kind, e.data) for e in cases.events(session, case_id=case_id)]


def test_a_report_routed_to_another_team_leaves_the_household_its_words_joined(
    engine: Engine,
) -> None:
    _configure(engine)
    haemi = report(engine, 1, HAEMI_WORDS, address=HAEMI)
    assert load(engine, haemi).priority == "high"
    daesan = report(engine, 2, DAESAN_WORDS)  # no address yet: linked by its words
    assert load(engine, daesan).duplicate_of == haemi
    assert "농약" in _words(load(engine, haemi))

    locate(engine, daesan, DAESAN)

    moved = load(engine, daesan)
    assert moved.team == "daesan-eup"
    assert moved.duplicate_of is None
    household = load(engine, haemi)
    assert household.priority == "high"  # what came only from the other report is gone
    assert "농약" not in _words(household)
    assert household.reporters_count == 1
    assert ("duplicate_split", {"basis": "other_team", "case": daesan}) in _kinds(engine, haemi)
    assert load(engine, daesan).priority == "critical"  # its own words still count

    # Taken out for its team, not by staff: it may still join a household of its own team.
    neighbour = report(engine, 3, "대산리 5번지 할아버지 댁에 불이 꺼져 있어요", address=DAESAN)
    assert load(engine, neighbour).duplicate_of == daesan


def test_another_teams_report_is_never_linked_by_its_words(engine: Engine) -> None:
    _configure(engine, default_team="welfare-hq")
    haemi = report(engine, 1, HAEMI_WORDS, address=HAEMI)
    daesan = report(engine, 2, DAESAN_WORDS)  # still with the default team
    assert load(engine, daesan).team == "welfare-hq"
    assert load(engine, daesan).duplicate_of is None
    household = load(engine, haemi)
    assert household.reporters_count == 1 and "농약" not in _words(household)


def test_a_staff_priority_keeps_its_level_but_drops_the_other_teams_words(
    engine: Engine,
) -> None:
    _configure(engine)
    haemi = report(engine, 1, HAEMI_WORDS, address=HAEMI)
    daesan = report(engine, 2, DAESAN_WORDS)
    lee = _staff(engine, "lee", team="haemi-myeon")
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, haemi)
        assert case is not None
        apply_changes(session, case=case, actor=lee, changes={"priority": "critical"}, reason="r")
        session.commit()
    locate(engine, daesan, DAESAN)
    household = load(engine, haemi)
    assert household.priority == "critical"
    assert "농약" not in _words(household)


def test_a_supervisor_moving_a_linked_report_to_another_team_takes_it_out(
    engine: Engine,
) -> None:
    _configure(engine)
    first = report(engine, 1, HAEMI_WORDS, address=HAEMI)
    second = report(engine, 2, "그 할아버지 댁 우편물이 쌓여 있어요", address=HAEMI + "번지")
    assert load(engine, second).duplicate_of == first
    boss = _staff(engine, "boss", role="supervisor")
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, second)
        assert case is not None
        apply_changes(session, case=case, actor=boss, changes={"team": "daesan-eup"})
        session.commit()
    assert load(engine, second).duplicate_of is None
    assert load(engine, first).reporters_count == 1


def test_a_merge_into_a_case_without_a_team_takes_that_case_into_the_staff_members_team(
    engine: Engine,
) -> None:
    _configure(engine)
    unrouted = report(engine, 1, "할머니가 밥을 못 드세요")
    daesan = report(engine, 2, "대산리 할머니가 농약을 사두셨대요", address=DAESAN)
    kim = _staff(engine, "kim", team="daesan-eup")
    with Session(engine, expire_on_commit=False) as session:
        case, into = session.get(Case, daesan), session.get(Case, unrouted)
        assert case is not None and into is not None
        households.merge(session, case=case, into=into, staff=kim)
        session.commit()
    household = load(engine, unrouted)
    assert household.team == "daesan-eup"  # no longer shown to every team
    assert household.priority == "critical"
    locate(engine, unrouted, HAEMI)  # a later address does not move a merged household
    assert load(engine, unrouted).team == "daesan-eup"
    assert load(engine, daesan).duplicate_of == unrouted


def test_only_a_supervisor_merges_reports_of_two_teams(engine: Engine) -> None:
    _configure(engine)
    haemi = report(engine, 1, HAEMI_WORDS, address=HAEMI)
    # Not routed yet, and linked to team haemi-myeon's household by its words.
    linked = report(engine, 2, DAESAN_WORDS)
    daesan = report(engine, 3, "대산리 할머니가 밥을 못 드세요", address=DAESAN)
    kim = _staff(engine, "kim", team="daesan-eup")
    boss = _staff(engine, "boss", role="supervisor")
    with Session(engine, expire_on_commit=False) as session:
        case, into = session.get(Case, daesan), session.get(Case, linked)
        assert case is not None and into is not None
        with pytest.raises(households.HouseholdError) as refused:
            households.merge(session, case=case, into=into, staff=kim)
        assert refused.value.code == "other_team"
        session.rollback()
    with Session(engine, expire_on_commit=False) as session:
        case, into = session.get(Case, daesan), session.get(Case, haemi)
        assert case is not None and into is not None
        households.merge(session, case=case, into=into, staff=boss)
        session.commit()
    merged = load(engine, daesan)
    assert merged.duplicate_of == haemi and merged.team == "haemi-myeon"
    assert ("team_changed", {"from": "daesan-eup", "to": "haemi-myeon", "into": haemi}) in (
        _kinds(engine, daesan)
    )


def test_confirmed_reports_follow_their_household_to_another_team_suspected_ones_stay(
    engine: Engine,
) -> None:
    _configure(engine)
    primary = report(engine, 1, HAEMI_WORDS, address=HAEMI)
    confirmed = report(engine, 2, "그 할아버지 댁 우편물이 쌓여 있어요", address=HAEMI + "번지")
    suspected = report(engine, 3, "그 댁 할아버지 요즘 안 보이세요", address=HAEMI + "번지")
    assert load(engine, suspected).duplicate_of == primary
    boss = _staff(engine, "boss", role="supervisor")
    with Session(engine, expire_on_commit=False) as session:
        case, household = session.get(Case, confirmed), session.get(Case, primary)
        assert case is not None and household is not None
        households.confirm(session, case=case, staff=boss)
        apply_changes(session, case=household, actor=boss, changes={"team": "daesan-eup"})
        session.commit()
    assert load(engine, confirmed).team == "daesan-eup"
    assert load(engine, confirmed).duplicate_of == primary
    assert load(engine, suspected).team == "haemi-myeon"
    assert load(engine, suspected).duplicate_of is None
    assert load(engine, primary).reporters_count == 2


def test_confirming_a_link_takes_a_report_without_a_team_into_the_households_team(
    engine: Engine,
) -> None:
    _configure(engine)
    haemi = report(engine, 1, HAEMI_WORDS, address=HAEMI)
    linked = report(engine, 2, DAESAN_WORDS)  # not routed yet, linked by its words
    lee = _staff(engine, "lee", team="haemi-myeon")
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, linked)
        assert case is not None
        households.confirm(session, case=case, staff=lee)
        session.commit()
    locate(engine, linked, DAESAN)  # staff confirmed the household: routing leaves it there
    assert load(engine, linked).team == "haemi-myeon"
    assert load(engine, linked).duplicate_of == haemi
