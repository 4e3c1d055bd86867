"""triage facts, duplicates, routing, SLA jobs (issue: triage engine and scheduler)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Reserved for this feature's schema; empty until the feature lands."""


def downgrade() -> None:
    """Nothing to undo while upgrade() is empty."""
