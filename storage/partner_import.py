"""Importing the partner directory from a CSV file, reporting bad rows line by line.

Columns: name, services, districts, contact, hours, notes, public (a header row, any order;
name and services are required). A row whose name is known updates that partner; a bad row
is reported with its line number and skipped, the good rows are still imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlmodel import Session, select

from storage.models import Partner
from storage.partners import (
    PartnerError,
    PartnerFields,
    apply_fields,
    clean,
    district_lookup,
    split_list,
)
from storage.types import utcnow

COLUMNS = ("name", "services", "districts", "contact", "hours", "notes", "public")
REQUIRED = ("name", "services")
MAX_ROWS = 5000
_YES = {"", "1", "true", "yes", "y", "o", "예", "네", "공개", "是"}
_NO = {"0", "false", "no", "n", "x", "아니오", "아니요", "비공개", "否"}


@dataclass(frozen=True)
class RowError:
    """One bad line of the file: a catalog key and its values."""

    line: int
    key: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


def decode_csv(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else CP949, which is what Excel on a
    Korean Windows writes when it saves "CSV"; raises UnicodeDecodeError if neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp949")


def _public(value: str) -> bool:
    text = value.strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise PartnerError("partners.error.bad_public", value=value.strip())


def _header(row: list[str]) -> list[str]:
    """The column names; empty ones (a spreadsheet's trailing commas) are ignored."""
    names = [cell.strip().casefold() for cell in row]
    named = [name for name in names if name]
    for name in named:
        if name not in COLUMNS:
            raise PartnerError("partners.import.unknown_column", column=name)
    if len(set(named)) != len(named):
        raise PartnerError("partners.import.repeated_column")
    for name in REQUIRED:
        if name not in named:
            raise PartnerError("partners.import.missing_column", column=name)
    return names


def _fields(values: dict[str, str], current: Partner | None) -> PartnerFields:
    """The row's fields; columns the file does not have keep the partner's current values."""
    now = current or Partner(name="")
    return PartnerFields(
        name=values["name"],
        services=split_list(values["services"]),
        districts=split_list(values["districts"]) if "districts" in values else now.districts,
        contact=values.get("contact", now.contact),
        hours=values.get("hours", now.hours),
        notes=values.get("notes", now.notes),
        public=_public(values["public"]) if "public" in values else now.public,
    )


def import_csv(
    session: Session, text: str, *, service_names: dict[str, str] | None = None
) -> ImportResult:
    """Create or update partners from CSV `text` (in the caller's transaction).

    `service_names` maps other spellings of a service (its label in any language,
    casefolded) to its code, so staff may write "식품" for food.
    """
    result = ImportResult()
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    districts = district_lookup(session)
    known = {p.name.casefold(): p for p in session.exec(select(Partner)).all()}
    header: list[str] | None = None
    rows = 0
    line = 1  # where the next record starts: a quoted cell may span several lines
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                try:
                    header = _header(row)
                except PartnerError as error:
                    result.errors.append(RowError(start, error.key, error.values))
                    return result
                continue
            rows += 1
            if rows > MAX_ROWS:
                result.errors.append(RowError(start, "partners.import.too_many", {"max": MAX_ROWS}))
                break
            bad = _import_row(session, row, header, known, districts, service_names, result)
            if bad is not None:
                result.errors.append(RowError(start, bad.key, bad.values))
    except csv.Error as unreadable:
        result.errors.append(
            RowError(line, "partners.import.unreadable", {"reason": str(unreadable)})
        )
    if header is None and not result.errors:
        result.errors.append(RowError(1, "partners.import.no_header"))
    session.flush()
    return result


def _import_row(
    session: Session,
    row: list[str],
    header: list[str],
    known: dict[str, Partner],
    districts: dict[str, str],
    service_names: dict[str, str] | None,
    result: ImportResult,
) -> PartnerError | None:
    """Create or update the partner of one data row; the error if the row is bad."""
    if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
        return PartnerError("partners.import.extra_cells", count=len(header))
    cells = [*row, *[""] * (len(header) - len(row))]
    values = {name: cell for name, cell in zip(header, cells, strict=False) if name}
    current = known.get(" ".join(values["name"].split()).casefold())
    try:
        fields = clean(_fields(values, current), districts=districts, service_names=service_names)
    except PartnerError as error:
        return error
    if current is None:
        current = Partner(name=fields.name)
        result.created += 1
    else:
        current.updated_at = utcnow()
        result.updated += 1
    apply_fields(current, fields)
    session.add(current)
    known[fields.name.casefold()] = current
    return None
