"""Referrals on a case: recorded, their result set, each change in the case's history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage import cases, partners, referrals
from storage.models import Case, Referral
from storage.partners import PartnerFields
from storage.referrals import ReferralError
from storage.retention import erase_case
from storage.types import utcnow
from tests.storage.reports import report


def _partner(
    session: Session, name: str = "서산푸드뱅크", services: tuple[str, ...] = ("food",)
) -> int:
    partner = partners.create_partner(session, PartnerFields(name, list(services), []))
    assert partner.id is not None
    return partner.id


def test_a_referral_and_its_result_are_written_to_the_case_history(engine: Engine) -> None:
    case_id = report(engine, 1, "할머니가 며칠째 끼니를 거르세요")
    with Session(engine) as session:
        bank = _partner(session, services=("food", "goods"))
        made = referrals.record_referral(
            session, case_id=case_id, partner_id=bank, service="goods", note="이불", staff_id=None
        )
        assert made.id is not None and made.result == "referred"
        referrals.set_result(
            session, case_id=case_id, referral_id=made.id, result="helped", staff_id=None
        )
        referrals.set_result(  # unchanged: no second event
            session, case_id=case_id, referral_id=made.id, result="helped", staff_id=None
        )
        session.commit()
    with Session(engine) as session:
        [(referral, partner)] = referrals.case_referrals(session, case_id=case_id)
        assert (partner.name, referral.service, referral.result) == (
            "서산푸드뱅크",
            "goods",
            "helped",
        )
        assert referral.result_at is not None and referral.note == "이불"
        events = [e for e in cases.events(session, case_id=case_id) if "referral" in e.kind]
    assert [(e.kind, e.data.get("from"), e.data.get("to")) for e in events] == [
        ("referral_made", None, None),
        ("referral_result", "referred", "helped"),
    ]
    assert events[0].data["partner"] == "서산푸드뱅크" and events[0].data["service"] == "goods"


def test_referrals_need_an_active_partner_offering_the_service(engine: Engine) -> None:
    case_id = report(engine, 2, "옆집 아저씨가 병원비가 없대요")
    other_case = report(engine, 3, "아이 혼자 밤늦게까지 있어요")
    with Session(engine) as session:
        bank = _partner(session)

        def refer(partner_id: int, service: str) -> str:
            with pytest.raises(ReferralError) as refused:
                referrals.record_referral(
                    session, case_id=case_id, partner_id=partner_id, service=service, staff_id=None
                )
            return refused.value.key

        assert refer(bank, "health") == "partners.error.service_not_offered"
        assert refer(9999, "food") == "partners.error.partner_unknown"
        made = referrals.record_referral(
            session, case_id=case_id, partner_id=bank, service="food", staff_id=None
        )
        assert made.id is not None
        with pytest.raises(ReferralError) as wrong_case:
            referrals.set_result(
                session, case_id=other_case, referral_id=made.id, result="helped", staff_id=None
            )
        assert wrong_case.value.key == "partners.error.referral_unknown"
        with pytest.raises(ReferralError):
            referrals.set_result(
                session, case_id=case_id, referral_id=made.id, result="maybe", staff_id=None
            )
        partners.set_active(session, partner_id=bank, active=False)
        assert refer(bank, "food") == "partners.error.partner_unknown"


def test_referral_statistics_follow_the_period_and_the_viewers_teams(engine: Engine) -> None:
    mine = report(engine, 4, "할아버지 댁 난방이 끊겼어요")
    theirs = report(engine, 5, "빌라 반지하 가족이 월세가 밀렸대요")
    with Session(engine) as session:
        for case_id, team in ((mine, "haemi"), (theirs, "eumam")):
            case = session.get(Case, case_id)
            assert case is not None
            case.team = team
            session.add(case)
        bank = _partner(session)
        for case_id in (mine, theirs):
            referrals.record_referral(
                session, case_id=case_id, partner_id=bank, service="food", staff_id=None
            )
        session.commit()
        now = utcnow()
        window = {"since": now - timedelta(days=1), "until": now + timedelta(minutes=1)}
        assert len(referrals.referral_facts(session, teams=None, **window)) == 2
        [fact] = referrals.referral_facts(session, teams=("haemi",), **window)
        assert (fact.team, fact.partner, fact.service) == ("haemi", "서산푸드뱅크", "food")
        before = {"since": now - timedelta(days=9), "until": now - timedelta(days=1)}
        assert referrals.referral_facts(session, teams=None, **before) == []


def test_retention_erases_referral_notes_but_keeps_the_referral(engine: Engine) -> None:
    case_id = report(engine, 6, "혼자 사는 어르신이 쓰러지신 것 같아요")
    with Session(engine) as session:
        referrals.record_referral(
            session,
            case_id=case_id,
            partner_id=_partner(session),
            service="food",
            note="김○○ 님, 010-0000-0000",
            staff_id=None,
        )
        case = session.get(Case, case_id)
        assert case is not None
        erase_case(session, case=case, now=utcnow())
        session.commit()
    with Session(engine) as session:
        [referral] = session.exec(select(Referral)).all()
        assert referral.note == "" and referral.service == "food"
        [made] = [e for e in cases.events(session, case_id=case_id) if e.kind == "referral_made"]
        assert "partner" not in made.data  # history keeps vocabulary only
