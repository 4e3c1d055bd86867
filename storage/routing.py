"""Which team a case belongs to, from its address or shared location.

The districts come from a TOML file (``SAGAK_DISTRICTS_FILE``; ``builtin:seosan`` is the
example shipped in ``storage/districts/``) and are copied into the ``districts`` table at
start-up, so every instance routes the same way without re-reading the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, delete, select

from storage.models import Case, CaseEvent, District
from storage.policy import load_policy
from triage.normalize import fold

BUILTIN_PREFIX = "builtin:"
# A district name must start a word or follow another administrative unit, so "성리" does
# not match inside "화성리".
_UNIT_END = "시군구읍면동리"


@dataclass(frozen=True)
class DistrictSpec:
    """One 읍·면·동 from the districts file."""

    name: str
    team: str
    aliases: tuple[str, ...] = ()
    box: tuple[float, float, float, float] | None = None  # lat_min, lon_min, lat_max, lon_max


class DistrictsError(ValueError):
    """The districts file is missing or malformed."""


def read_districts_file(source: str) -> list[DistrictSpec]:
    """Parse a districts TOML file, or a built-in one named ``builtin:<name>``."""
    try:
        if source.startswith(BUILTIN_PREFIX):
            name = source.removeprefix(BUILTIN_PREFIX)
            if not re.fullmatch(r"[a-z0-9_-]+", name):
                raise DistrictsError(f"no built-in districts file {name!r}")
            text = (resources.files("storage") / "districts" / f"{name}.toml").read_text("utf-8")
        else:
            text = Path(source).read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DistrictsError(f"cannot read districts file {source!r}: {error}") from error
    return [_spec(entry, index) for index, entry in enumerate(data.get("district", []))]


def _spec(entry: Any, index: int) -> DistrictSpec:
    where = f"district #{index + 1}"
    if not isinstance(entry, dict):
        raise DistrictsError(f"{where} is not a table")
    name, team = entry.get("name"), entry.get("team")
    if not isinstance(name, str) or not name.strip() or not isinstance(team, str) or not team:
        raise DistrictsError(f"{where} needs a name and a team")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise DistrictsError(f"{where} ({name}): aliases must be a list of strings")
    box = entry.get("box")
    if box is not None:
        if (
            not isinstance(box, list)
            or len(box) != 4
            or not all(isinstance(v, int | float) for v in box)
            or not (box[0] < box[2] and box[1] < box[3])
        ):
            raise DistrictsError(f"{where} ({name}): box is [lat_min, lon_min, lat_max, lon_max]")
        box = tuple(float(v) for v in box)
    return DistrictSpec(name.strip(), team.strip(), tuple(a for a in aliases if a.strip()), box)


def save_districts(session: Session, *, districts: list[DistrictSpec]) -> None:
    """Replace the districts table with ``districts`` (in the caller's transaction)."""
    session.execute(delete(District))
    for position, spec in enumerate(districts):
        lat_min, lon_min, lat_max, lon_max = spec.box or (None, None, None, None)
        session.add(
            District(
                position=position,
                name=spec.name,
                team=spec.team,
                aliases=list(spec.aliases),
                lat_min=lat_min,
                lon_min=lon_min,
                lat_max=lat_max,
                lon_max=lon_max,
            )
        )


def _compact(text: str) -> str:
    return "".join(fold(text).split())


def _starts_word(haystack: str, at: int) -> bool:
    if at == 0:
        return True
    before = haystack[at - 1]
    return not before.isalnum() or before in _UNIT_END or before.isdigit()


def district_for_address(districts: list[District], address: str) -> District | None:
    """The district whose name or alias the address names (longest name wins)."""
    haystack = _compact(address)
    best: tuple[int, int] | None = None
    found: District | None = None
    for district in districts:
        for alias in (district.name, *district.aliases):
            needle = _compact(alias)
            start = haystack.find(needle)
            while start >= 0 and not _starts_word(haystack, start):
                start = haystack.find(needle, start + 1)
            if start < 0 or not needle:
                continue
            rank = (len(needle), -district.position)
            if best is None or rank > best:
                best, found = rank, district
    return found


def district_for_point(districts: list[District], lat: float, lon: float) -> District | None:
    """The district with the smallest box containing the point."""
    found: District | None = None
    smallest = float("inf")
    for d in districts:
        if d.lat_min is None or d.lon_min is None or d.lat_max is None or d.lon_max is None:
            continue
        if d.lat_min <= lat <= d.lat_max and d.lon_min <= lon <= d.lon_max:
            area = (d.lat_max - d.lat_min) * (d.lon_max - d.lon_min)
            if area < smallest:
                smallest, found = area, d
    return found


def district_of_place(
    session: Session, *, address: str | None, latitude: float | None, longitude: float | None
) -> District | None:
    """The district of a place: a typed address first (it names the household), then the
    shared location (it may be where the reporter stands)."""
    districts = list(session.exec(select(District).order_by(col(District.position))).all())
    match = district_for_address(districts, address) if address else None
    if match is None and latitude is not None and longitude is not None:
        match = district_for_point(districts, latitude, longitude)
    return match


def team_for(
    session: Session, *, address: str | None, latitude: float | None, longitude: float | None
) -> str | None:
    """The team for a place: its district's team, else the default team."""
    match = district_of_place(session, address=address, latitude=latitude, longitude=longitude)
    return match.team if match else load_policy(session).default_team


def route_case(session: Session, *, case: Case) -> bool:
    """Give a case its team from its place; True when the team changed.

    Only while nobody has picked the case up and no supervisor has moved it: a case already
    being worked on stays with its team even if a better address arrives later.
    """
    if case.status != "new" or case.assignee_id is not None:
        return False
    if (
        case.id is not None
        and session.exec(
            select(CaseEvent.id).where(
                col(CaseEvent.case_id) == case.id, col(CaseEvent.kind) == "team_changed"
            )
        ).first()
    ):
        return False  # a supervisor chose the team
    team = team_for(session, address=case.address, latitude=case.latitude, longitude=case.longitude)
    if team is None or team == case.team:
        return False
    case.team = team
    session.add(case)
    return True
