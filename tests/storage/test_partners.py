"""The partner directory: validation, district matching for residents, and the CSV import."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.catalog import LANGUAGES, t
from storage import partners
from storage.models import Partner
from storage.partner_import import decode_csv, import_csv
from storage.partners import SERVICE_LABELS, SERVICES, PartnerError, PartnerFields
from storage.routing import DistrictSpec, save_districts
from webhook.admin.partner_view import service_names


def _districts(engine: Engine) -> None:
    with Session(engine) as session:
        save_districts(
            session,
            districts=[
                DistrictSpec("동문1동", "dongmun1", ("동문일동",)),
                DistrictSpec("동문2동", "dongmun2"),
                DistrictSpec("해미면", "haemi"),
            ],
        )
        session.commit()


def _add(
    session: Session, name: str, services: list[str], contact: str = "", hours: str = ""
) -> Partner:
    fields = PartnerFields(name, services, [], contact=contact, hours=hours, notes="keep")
    return partners.create_partner(session, fields)


def test_every_service_has_a_label_in_every_language() -> None:
    assert set(SERVICE_LABELS) == set(SERVICES) and 10 <= len(SERVICES) <= 12
    for language in LANGUAGES:
        labels = {t(language, SERVICE_LABELS[code]) for code in SERVICES}
        assert len(labels) == len(SERVICES), language
    assert t("ko", SERVICE_LABELS["food"]) == "식품·먹거리"


def test_partners_are_created_listed_by_service_updated_and_deactivated(engine: Engine) -> None:
    with Session(engine) as session:
        bank = _add(
            session, "  서산   푸드뱅크 ", ["food", "goods", "food"], contact="041-000-0000"
        )
        clinic = _add(session, "Haemi clinic", ["Health", "mental-health"])
        assert bank.name == "서산 푸드뱅크" and bank.services == ["food", "goods"]
        assert clinic.services == ["health", "mental_health"]
        assert [p.name for p in partners.list_partners(session, service="food")] == [bank.name]
        with pytest.raises(PartnerError) as taken:
            _add(session, "haemi CLINIC", ["care"])
        assert taken.value.key == "partners.error.name_taken"
        assert clinic.id is not None and bank.id is not None
        changed = partners.update_partner(
            session,
            partner_id=clinic.id,
            fields=PartnerFields(
                name="Haemi clinic", services=["health"], districts=[], hours="9-18", public=False
            ),
        )
        assert changed.services == ["health"] and not changed.public and changed.hours == "9-18"
        assert partners.set_active(session, partner_id=bank.id, active=False)
        assert not partners.set_active(session, partner_id=9999, active=False)
        session.commit()
    with Session(engine) as session:
        assert [p.name for p in partners.list_partners(session)] == ["Haemi clinic"]
        assert len(partners.list_partners(session, active=None)) == 2


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        (PartnerFields(name=" ", services=["food"], districts=[]), "partners.error.name_required"),
        (PartnerFields(name="A", services=[], districts=[]), "partners.error.services_required"),
        (PartnerFields(name="A", services=["foo"], districts=[]), "partners.error.unknown_service"),
        (
            PartnerFields(name="A", services=["food"], districts=[], contact="0" * 201),
            "partners.error.too_long",
        ),
        (
            PartnerFields(name="A", services=["food"], districts=["서울"]),
            "partners.error.unknown_district",
        ),
    ],
)
def test_invalid_partners_are_refused_with_a_reason(
    engine: Engine, fields: PartnerFields, key: str
) -> None:
    _districts(engine)
    with Session(engine) as session, pytest.raises(PartnerError) as refused:
        partners.create_partner(session, fields)
    assert refused.value.key == key


def test_districts_are_checked_against_the_configured_ones(engine: Engine) -> None:
    with Session(engine) as session:
        # No districts configured: names are kept as typed.
        free = partners.create_partner(
            session, PartnerFields(name="A", services=["food"], districts=["어디든"])
        )
        assert free.districts == ["어디든"]
    _districts(engine)
    with Session(engine) as session:
        named = partners.create_partner(
            session, PartnerFields(name="B", services=["food"], districts=["동문일동", "해미 면"])
        )
        assert named.districts == ["동문1동", "해미면"]  # aliases become the district's name


def test_residents_see_public_partners_of_their_district_then_city_wide_ones(
    engine: Engine,
) -> None:
    _districts(engine)
    with Session(engine) as session:
        for name, districts, public in [
            ("A city food bank", [], True),
            ("B dongmun1 pantry", ["동문1동"], True),
            ("C dongmun2 pantry", ["동문2동"], True),
            ("D staff-only shelter", [], False),
            ("E closed centre", ["동문1동"], True),
        ]:
            partners.create_partner(
                session,
                PartnerFields(name=name, services=["food"], districts=districts, public=public),
            )
        closed = partners.find_by_name(session, "e closed centre")
        assert closed is not None and closed.id is not None
        partners.set_active(session, partner_id=closed.id, active=False)
        session.commit()
    with Session(engine) as session:

        def names(district: str | None, limit: int = 8) -> list[str]:
            found = partners.for_residents(session, district=district, limit=limit)
            return [p.name for p in found]

        assert names("동문1동") == ["B dongmun1 pantry", "A city food bank"]
        assert names("동문일동") == ["B dongmun1 pantry", "A city food bank"]
        assert names("해미면") == ["A city food bank"]
        assert names(None) == ["A city food bank", "B dongmun1 pantry", "C dongmun2 pantry"]
        assert names(None, limit=2) == ["A city food bank", "B dongmun1 pantry"]


CSV = """name,services,districts,contact,hours,notes,public
서산푸드뱅크,food;goods,동문1동|동문2동,041-000-0000,평일 09-18,,yes
Bad service,foo,,,,,
해미 의원,health| mental_health ,해미면,041-111-1111,,"두 줄
메모",no
Nowhere,food,서울,,,,
,food,,,,,
Odd public,food,,,,,maybe
Too wide,food,,,,,yes,extra
생활지원센터,식품; Care,,,,,
"""


def test_csv_import_reports_bad_rows_line_by_line_and_imports_the_good_ones(
    engine: Engine,
) -> None:
    _districts(engine)
    with Session(engine) as session:
        result = import_csv(session, CSV, service_names=service_names())
        session.commit()
    assert (result.created, result.updated) == (3, 0)
    # Line 4's quoted note spans two lines, so the rows after it start one line later.
    assert [(e.line, e.key, e.values) for e in result.errors] == [
        (3, "partners.error.unknown_service", {"value": "foo"}),
        (6, "partners.error.unknown_district", {"value": "서울"}),
        (7, "partners.error.name_required", {}),
        (8, "partners.error.bad_public", {"value": "maybe"}),
        (9, "partners.import.extra_cells", {"count": 7}),
    ]
    assert t("en", result.errors[0].key, **result.errors[0].values) == "unknown service ‘foo’"
    with Session(engine) as session:
        bank = partners.find_by_name(session, "서산푸드뱅크")
        clinic = partners.find_by_name(session, "해미 의원")
        centre = partners.find_by_name(session, "생활지원센터")
        assert bank is not None and clinic is not None and centre is not None
        assert bank.services == ["food", "goods"] and bank.districts == ["동문1동", "동문2동"]
        assert bank.public and bank.contact == "041-000-0000"
        assert clinic.services == ["health", "mental_health"] and not clinic.public
        assert clinic.notes == "두 줄\n메모"
        assert centre.services == ["food", "care"]  # labels in any language name services


def test_csv_import_with_a_bom_updates_partners_by_name(engine: Engine) -> None:
    with Session(engine) as session:
        _add(session, "Seosan Food Bank", ["food"], contact="old", hours="9-18")
        session.commit()
    text = (
        "\ufeffName,Services,Contact\r\n"
        "seosan food bank,food;goods,041-222-2222\r\n"
        "New one,care,\r\n"
    )
    with Session(engine) as session:
        result = import_csv(session, text)
        session.commit()
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    with Session(engine) as session:
        bank = partners.find_by_name(session, "Seosan Food Bank")
        assert bank is not None
        assert bank.services == ["food", "goods"] and bank.contact == "041-222-2222"
        assert (bank.hours, bank.notes) == ("9-18", "keep")  # columns the file lacks stay
        assert len(partners.list_partners(session)) == 2


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("name,services,phone\nA,food,1\n", "partners.import.unknown_column"),
        ("name,contact\nA,1\n", "partners.import.missing_column"),
        ("name,services,name\nA,food,B\n", "partners.import.repeated_column"),
        ("\n\n", "partners.import.no_header"),
    ],
)
def test_a_bad_header_imports_nothing(engine: Engine, text: str, key: str) -> None:
    with Session(engine) as session:
        result = import_csv(session, text)
        session.commit()
        assert [(e.line, e.key) for e in result.errors] == [(1, key)]
        assert partners.list_partners(session, active=None) == []


def test_csv_files_are_read_as_utf8_with_or_without_bom_or_as_excel_korean() -> None:
    text = "name,services\n푸드뱅크,food\n"
    assert decode_csv(text.encode("utf-8")) == text
    assert decode_csv(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_csv(text.encode("cp949")) == text
    with pytest.raises(UnicodeDecodeError):
        decode_csv(b"\xff\xfe\x00\xd8")
