"""repair databases migrated by the release whose 0002-0004 were reserved (empty)

The first release shipped revisions 0002, 0003 and 0004 as empty placeholders. A database
it created is stamped 0004 without any of their tables or columns, so upgrading would skip
them. This revision looks at what is there and applies each placeholder's real schema when
it is missing; on every other database it does nothing.

Revision ID: 0004r
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from alembic.script import ScriptDirectory

revision: str = "0004r"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What each placeholder revision created, as (table, column or None) it can be recognised by.
_MARKERS = (
    ("0002", "reporters", "language_chosen"),
    ("0003", "job_runs", None),
    ("0004", "staff_sessions", None),
)


def _present(inspector: sa.Inspector, table: str, column: str | None) -> bool:
    if not inspector.has_table(table):
        return False
    return column is None or column in {c["name"] for c in inspector.get_columns(table)}


def upgrade() -> None:
    scripts = ScriptDirectory.from_config(context.config)
    for number, table, column in _MARKERS:
        # Inspect afresh each time: the previous step may have changed the schema.
        if not _present(sa.inspect(op.get_bind()), table, column):
            scripts.get_revision(number).module.upgrade()


def downgrade() -> None:
    """Nothing to undo: on a repaired database the repaired schema is the schema of 0004."""
