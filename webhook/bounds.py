"""Numbers from requests fit the database.

Python's int has no bound. Our rows' ids are INTEGER columns (32 bits on PostgreSQL,
64 on SQLite) and offsets are 64-bit: SQLite refuses a larger number with OverflowError,
PostgreSQL with "integer out of range". Query values and body fields are bounded where they
are declared (`ROW_ID_MAX`, `DB_INT_MAX`, `bounded_id`). An id in a URL path beyond the
range names no row: the app answers the error its lookup raises as not found
(`is_out_of_range`, used by `webhook.admin.install`, which also draws the pages' 404).
"""

from __future__ import annotations

DB_INT_MAX = 2**63 - 1
ROW_ID_MAX = 2**31 - 1  # the largest id an INTEGER primary key holds on either database
# Pages of a list: far more than anyone can page through, far less than overflows.
MAX_PAGE = 1_000_000
_OUT_OF_RANGE = "22003"  # SQLSTATE numeric_value_out_of_range


def bounded_id(text: str) -> int | None:
    """A row id typed into a form or query: a positive integer the database can hold."""
    digits = text.strip().lstrip("0")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(ROW_ID_MAX)):
        return None
    value = int(digits)
    return value if 0 < value <= ROW_ID_MAX else None


def page_number(text: str) -> int:
    """A 1-based page number from the query string; anything else is page 1."""
    value = bounded_id(text)
    return min(value, MAX_PAGE) if value is not None else 1


def is_out_of_range(error: BaseException) -> bool:
    """The database refused a number as too large for its column (and nothing else: any
    other error stays an error)."""
    if isinstance(error, OverflowError):
        return "SQLite INTEGER" in str(error)  # pysqlite binding a parameter
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) == _OUT_OF_RANGE
