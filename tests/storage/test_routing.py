"""Cases go to the team of the 읍·면·동 they are in; unknown places to the default team."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import cases
from storage.models import Case
from storage.policy import Policy, save_policy
from storage.routing import DistrictsError, read_districts_file, save_districts
from tests.storage.reports import load, report

HAEMI_CENTRE = (36.713, 126.548)
FILE = """
[[district]]
name = "동문1동"
team = "dongmun1"
aliases = ["동문일동"]
box = [36.70, 126.40, 36.80, 126.50]

[[district]]
name = "동문2동"
team = "dongmun2"
box = [36.78, 126.44, 36.79, 126.46]
"""


def _configure(engine: Engine, source: str, default_team: str | None = "welfare-hq") -> None:
    with Session(engine) as session:
        save_districts(session, districts=read_districts_file(source))
        save_policy(session, policy=Policy(default_team=default_team))
        session.commit()


@pytest.mark.parametrize(
    ("address", "team"),
    [
        ("충남 서산시 대산읍 대산리 123", "daesan-eup"),
        ("대산읍대산리123-4", "daesan-eup"),
        ("서산시 해미면 읍내리 해미읍성 앞", "haemi-myeon"),
        ("독곶리 2반 파란지붕", "daesan-eup"),
        ("서산시 동문1동 주공아파트", "dongmun1-dong"),
        ("Daesan-eup, Seosan", "daesan-eup"),
        ("경기도 화성리 10", "welfare-hq"),  # "성리" must not match inside 화성리
        ("시장 옆 단칸방", "welfare-hq"),
    ],
)
def test_the_builtin_seosan_districts_route_typed_addresses(
    engine: Engine, address: str, team: str
) -> None:
    _configure(engine, "builtin:seosan")
    case_id = report(engine, 1, "할머니가 밥을 못 드세요", address=address)
    assert load(engine, case_id).team == team


def test_a_shared_location_goes_to_the_smallest_box_containing_it(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "districts.toml"
    path.write_text(FILE, encoding="utf-8")
    _configure(engine, str(path))
    inside_both = report(engine, 1, "할머니가 밥을 못 드세요", location=(36.785, 126.45))
    inside_one = report(engine, 2, "노인분이 쓰레기를 모으세요", location=(36.72, 126.41))
    outside = report(engine, 3, "노부부가 난방을 못 하세요", location=(37.5, 127.0))
    assert load(engine, inside_both).team == "dongmun2"
    assert load(engine, inside_one).team == "dongmun1"
    assert load(engine, outside).team == "welfare-hq"


def test_a_typed_address_wins_over_a_shared_location(engine: Engine) -> None:
    _configure(engine, "builtin:seosan")
    case_id = report(
        engine, 1, "할머니가 밥을 못 드세요", address="대산읍 대산리 5", location=HAEMI_CENTRE
    )
    assert load(engine, case_id).team == "daesan-eup"


def test_without_districts_or_a_default_team_cases_stay_unrouted(engine: Engine) -> None:
    case_id = report(engine, 1, "할머니가 밥을 못 드세요", address="대산읍 대산리 5")
    assert load(engine, case_id).team is None


def test_a_new_case_starts_in_the_default_team(engine: Engine) -> None:
    _configure(engine, "builtin:seosan")
    assert load(engine, report(engine, 1, "할머니가 밥을 못 드세요")).team == "welfare-hq"


def test_a_case_already_taken_up_keeps_its_team(engine: Engine) -> None:
    _configure(engine, "builtin:seosan")
    case_id = report(engine, 1, "할머니가 밥을 못 드세요")
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.status = "in_progress"
        case.address = "대산읍 대산리 5"
        cases.retriage(session, case=case)
        session.commit()
    assert load(engine, case_id).team == "welfare-hq"


@pytest.mark.parametrize(
    "text",
    [
        '[[district]]\nname = "x"\n',
        '[[district]]\nname = "x"\nteam = "t"\nbox = [1, 2, 0, 3]\n',
        '[[district]]\nname = "x"\nteam = "t"\naliases = "y"\n',
        "not toml [",
    ],
)
def test_a_malformed_districts_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "districts.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DistrictsError):
        read_districts_file(str(path))


def test_unknown_builtin_and_missing_files_are_refused(tmp_path: Path) -> None:
    for source in ("builtin:../../etc/passwd", "builtin:nowhere", str(tmp_path / "none.toml")):
        with pytest.raises(DistrictsError):
            read_districts_file(source)
