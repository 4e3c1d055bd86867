"""The directory of partner organisations: what help each gives, where, and how to reach it.

Errors carry a catalog key and its values (``PartnerError``), because the pages show them in
the staff member's language and this layer cannot import the catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.models import District, Partner
from storage.types import utcnow
from triage.normalize import fold

SERVICES = (
    "food",
    "goods",
    "health",
    "mental_health",
    "care",
    "housing",
    "legal",
    "work",
    "finance",
    "children",
    "elderly",
    "disability",
)
# Catalog keys of the service labels (bot and pages): t(language, SERVICE_LABELS[code]).
SERVICE_LABELS = {
    "food": "partners.service.food",
    "goods": "partners.service.goods",
    "health": "partners.service.health",
    "mental_health": "partners.service.mental_health",
    "care": "partners.service.care",
    "housing": "partners.service.housing",
    "legal": "partners.service.legal",
    "work": "partners.service.work",
    "finance": "partners.service.finance",
    "children": "partners.service.children",
    "elderly": "partners.service.elderly",
    "disability": "partners.service.disability",
}
MAX_NAME = 120
MAX_CONTACT = 200
MAX_HOURS = 200
MAX_NOTES = 2000
LIST_SEPARATORS = re.compile(r"[;|,]")


class PartnerError(ValueError):
    """A partner's fields are not valid; `key` is a catalog key, `values` its placeholders."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(f"{key} {values}" if values else key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class PartnerFields:
    """A partner's editable fields, validated and normalised."""

    name: str
    services: list[str]
    districts: list[str]
    contact: str = ""
    hours: str = ""
    notes: str = ""
    public: bool = True


def split_list(value: str) -> list[str]:
    """ "food; health|care" -> ["food", "health", "care"]."""
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


def service_code(value: str, names: dict[str, str] | None = None) -> str | None:
    """The service code for a code ("mental-health" too) or a label in `names`; else None."""
    text = value.strip().casefold()
    code = re.sub(r"[\s-]+", "_", text)
    if code in SERVICES:
        return code
    return (names or {}).get(text)


def _compact(text: str) -> str:
    return "".join(fold(text).split())


def district_names(session: Session) -> list[str]:
    """The configured district names, in the districts file's order (empty: none set up)."""
    return list(session.exec(select(District.name).order_by(col(District.position))).all())


def district_lookup(session: Session) -> dict[str, str]:
    """Every configured district name and alias, compacted, to the district's name."""
    lookup: dict[str, str] = {}
    for district in session.exec(select(District)).all():
        for alias in (district.name, *district.aliases):
            lookup.setdefault(_compact(alias), district.name)
    return lookup


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def clean(
    fields: PartnerFields,
    *,
    districts: dict[str, str],
    service_names: dict[str, str] | None = None,
) -> PartnerFields:
    """Validate and normalise; `districts` maps compacted names to canonical ones (empty:
    no districts configured, so any name is kept as typed)."""
    name = " ".join(fields.name.split())
    if not name:
        raise PartnerError("partners.error.name_required")
    if len(name) > MAX_NAME:
        raise PartnerError("partners.error.too_long", field="name", max=MAX_NAME)
    services = []
    for value in fields.services:
        code = service_code(value, service_names)
        if code is None:
            raise PartnerError("partners.error.unknown_service", value=value.strip())
        services.append(code)
    if not services:
        raise PartnerError("partners.error.services_required")
    chosen = []
    for value in fields.districts:
        canonical = districts.get(_compact(value)) if districts else value.strip()
        if not canonical:
            raise PartnerError("partners.error.unknown_district", value=value.strip())
        chosen.append(canonical)
    limits = (("contact", MAX_CONTACT), ("hours", MAX_HOURS), ("notes", MAX_NOTES))
    for field_name, limit in limits:
        if len(getattr(fields, field_name).strip()) > limit:
            raise PartnerError("partners.error.too_long", field=field_name, max=limit)
    return PartnerFields(
        name=name,
        services=_unique(services),
        districts=_unique(chosen),
        contact=fields.contact.strip(),
        hours=fields.hours.strip(),
        notes=fields.notes.strip(),
        public=fields.public,
    )


def find_by_name(session: Session, name: str) -> Partner | None:
    """The partner of that name, ignoring case and repeated spaces."""
    wanted = " ".join(name.split()).casefold()
    for partner in session.exec(select(Partner)).all():
        if partner.name.casefold() == wanted:
            return partner
    return None


def apply_fields(partner: Partner, fields: PartnerFields) -> None:
    partner.name = fields.name
    # New lists, so the JSON columns are seen as changed.
    partner.services = list(fields.services)
    partner.districts = list(fields.districts)
    partner.contact, partner.hours, partner.notes = fields.contact, fields.hours, fields.notes
    partner.public = fields.public


def create_partner(session: Session, fields: PartnerFields) -> Partner:
    """Add a partner to the directory; raises PartnerError for invalid or taken fields."""
    cleaned = clean(fields, districts=district_lookup(session))
    if find_by_name(session, cleaned.name) is not None:
        raise PartnerError("partners.error.name_taken", name=cleaned.name)
    partner = Partner(name=cleaned.name)
    apply_fields(partner, cleaned)
    session.add(partner)
    session.flush()
    return partner


def update_partner(session: Session, *, partner_id: int, fields: PartnerFields) -> Partner:
    """Change a partner's fields; raises PartnerError (also for an unknown partner)."""
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise PartnerError("partners.error.not_found")
    cleaned = clean(fields, districts=district_lookup(session))
    other = find_by_name(session, cleaned.name)
    if other is not None and other.id != partner_id:
        raise PartnerError("partners.error.name_taken", name=cleaned.name)
    apply_fields(partner, cleaned)
    partner.updated_at = utcnow()
    session.add(partner)
    session.flush()
    return partner


def set_active(session: Session, *, partner_id: int, active: bool) -> bool:
    """Deactivate (kept, since referrals name it) or reactivate a partner; False if unknown."""
    partner = session.get(Partner, partner_id)
    if partner is None:
        return False
    partner.active = active
    partner.updated_at = utcnow()
    session.add(partner)
    return True


def list_partners(
    session: Session, *, service: str | None = None, active: bool | None = True
) -> list[Partner]:
    """Partners by name, those offering `service` when given; `active` None means all."""
    statement = select(Partner).order_by(col(Partner.name))
    if active is not None:
        statement = statement.where(col(Partner.active) == active)
    found = list(session.exec(statement).all())
    # The services are a JSON list: filtered here, the directory has hundreds of rows at most.
    return [p for p in found if service is None or service in (p.services or [])]


def for_residents(session: Session, *, district: str | None, limit: int = 8) -> list[Partner]:
    """Active public partners serving `district` (those serving it by name first, then the
    city-wide ones, which have no districts); with `district` None, every one."""
    partners = [p for p in list_partners(session) if p.public]
    if district is None:
        return partners[:limit]
    canonical = district_lookup(session).get(_compact(district), district)
    wanted = _compact(canonical)
    local = [p for p in partners if wanted in {_compact(d) for d in p.districts or []}]
    citywide = [p for p in partners if not p.districts]
    return (local + citywide)[:limit]
