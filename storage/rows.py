"""Small checks on rows that hold in production, not only under `python -O`-less runs."""

from __future__ import annotations


class UnsavedRowError(RuntimeError):
    """A row was used by id before it was flushed to the database: a bug, never user input."""


def require_id(row: object) -> int:
    """The primary key of a row the database has given one; raises UnsavedRowError
    otherwise (where an `assert` would vanish under `python -O`)."""
    value = getattr(row, "id", None)
    if not isinstance(value, int):
        raise UnsavedRowError(f"{type(row).__name__} has no id yet: flush it first")
    return value
