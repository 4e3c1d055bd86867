"""Help resources for residents: partner organisations that serve the public, by district.

`/help` lists them after the hotlines: for the district the resident names (`/help 읍내동`),
else the district of their latest report's place, else the whole city. A location shared
outside a report lists the organisations of its district.
"""

from __future__ import annotations

from bot.catalog import t
from bot.inbound import Keyboard
from bot.turn import Turn, row_id
from storage import partners, reporter_cases, routing
from storage.models import Partner


def list_partners(turn: Turn, *, place: str = "", point: tuple[float, float] | None = None) -> None:
    """Add the partner organisations near the resident to the reply (nothing if none):
    near a named place, a shared location, or else the resident's latest report's place."""
    district = _district(turn, place, point)
    found = partners.for_residents(turn.session, district=district)
    if not found and district is not None:
        found = partners.for_residents(turn.session, district=None)
        district = None
    if not found:
        if place:
            turn.say("resources.none", keyboard=Keyboard.MENU)
        return
    lines = [_line(turn.language, partner) for partner in found]
    title = (
        turn.text("resources.title_near", district=district)
        if district
        else turn.text("resources.title")
    )
    turn.send("\n".join([title, *lines, "", turn.text("resources.hint")]))


def _district(turn: Turn, place: str, point: tuple[float, float] | None) -> str | None:
    if place.strip() or point is not None:
        latitude, longitude = point if point is not None else (None, None)
        match = routing.district_of_place(
            turn.session, address=place or None, latitude=latitude, longitude=longitude
        )
        return match.name if match else None
    for case in reporter_cases.cases_of(turn.session, reporter_id=row_id(turn.reporter)):
        if case.address or case.latitude is not None:
            match = routing.district_of_place(
                turn.session,
                address=case.address,
                latitude=case.latitude,
                longitude=case.longitude,
            )
            if match is not None:
                return match.name
    return None


def _line(language: str, partner: Partner) -> str:
    services = ", ".join(
        t(language, partners.SERVICE_LABELS[code])
        for code in partner.services
        if code in partners.SERVICE_LABELS
    )
    parts = [partner.name, services, partner.contact, partner.hours]
    return "• " + " · ".join(part for part in parts if part)
