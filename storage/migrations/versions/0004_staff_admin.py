"""staff web admin: sessions, notes, templates (issue: staff admin)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Reserved for this feature's schema; empty until the feature lands."""


def downgrade() -> None:
    """Nothing to undo while upgrade() is empty."""
