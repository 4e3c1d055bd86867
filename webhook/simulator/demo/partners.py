"""Demo partner organisations and their referrals, so a trial's directory, case pages and
statistics show what linkage looks like. Names are made up; none is a real organisation."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage import partners, referrals
from storage.models import Case, Partner
from storage.partners import PartnerFields

DEMO_PARTNERS = (
    PartnerFields(
        "(데모) 행복나눔 푸드뱅크",
        ["food", "goods"],
        [],
        "041-000-1000",
        "평일 09:00-18:00",
        "긴급 식품 꾸러미, 당일 배송 가능",
    ),
    PartnerFields("(데모) 서산 노인돌봄센터", ["elderly", "care"], [], "041-000-2000", "24시간"),
    PartnerFields("(데모) 마음건강 상담소", ["mental_health"], [], "041-000-3000", "평일 10-19시"),
    PartnerFields(
        "(데모) 주거안심 지원단",
        ["housing", "finance"],
        [],
        "041-000-4000",
        "평일 09-18시",
        "체납 상담, 긴급 주거비",
        public=False,
    ),
    PartnerFields("(데모) 아동 희망 지역아동센터", ["children"], [], "041-000-5000", "14-20시"),
)
# Which demo partner a demo case of each kind of need is referred to.
_FOR_SERVICE = {"food": 0, "elderly": 1, "mental_health": 2, "housing": 3, "children": 4}
_REASON_SERVICE = (
    ("suicide", "mental_health"),
    ("child", "children"),
    ("eviction", "housing"),
    ("arrears", "housing"),
    ("utilities", "housing"),
    ("elderly", "elderly"),
    ("isolation", "elderly"),
)


def seed_partners(session: Session) -> int:
    """Add the demo partners (those not there yet) and refer each demo case whose outcome
    is a partner referral; returns how many partners were added."""
    existing = set(session.exec(select(Partner.name)).all())
    created = [
        partners.create_partner(session, fields)
        for fields in DEMO_PARTNERS
        if fields.name not in existing
    ]
    if not created:
        return 0
    by_name = {p.name: p for p in session.exec(select(Partner)).all()}
    chosen = [by_name[fields.name] for fields in DEMO_PARTNERS]
    linked = session.exec(select(Case).where(col(Case.outcome) == "partner_referral")).all()
    for case in linked:
        service = _service_for(case)
        partner = chosen[_FOR_SERVICE[service]]
        assert case.id is not None and partner.id is not None
        referral = referrals.record_referral(
            session, case_id=case.id, partner_id=partner.id, service=service, staff_id=None
        )
        assert referral.id is not None
        referrals.set_result(
            session, case_id=case.id, referral_id=referral.id, result="helped", staff_id=None
        )
    return len(created)


def _service_for(case: Case) -> str:
    codes = " ".join(str(reason.get("code", "")) for reason in case.reasons or [])
    for word, service in _REASON_SERVICE:
        if word in codes:
            return service
    return "food"
