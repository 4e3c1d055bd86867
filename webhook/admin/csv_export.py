"""CSV downloads that spreadsheet programs open safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from fastapi.responses import StreamingResponse

# A cell starting with one of these is read as a formula by spreadsheet programs; text
# that came from outside (a typed username, a team name) must not run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text, defused if a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"  # a byte-order mark, so Excel reads Korean and Chinese as UTF-8
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_response(rows: Iterable[Iterable[object]], filename: str) -> StreamingResponse:
    """Stream rows as a CSV attachment."""
    return StreamingResponse(
        _lines(rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
