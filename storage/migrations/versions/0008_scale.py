"""queue indexes for a million cases: the open cases in queue order, team names

Revision ID: 0008_scale
Revises: 0009_kakao

The staff queue is read one segment at a time (storage.queue_pages): open or closed, one
priority, by due time, received time and id. ix_cases_queue (status, priority, due_at)
already serves the closed cases and the new ones; the open cases that are not waiting
(several statuses) need this partial index, which stays small (a city's open cases) however
many closed cases the years add. Building both on a million cases takes about 3 s
(docs/scale.md); writes to `cases` wait for that.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_scale"
down_revision: str | None = "0009_kakao"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ["priority", "due_at", "created_at", "id"]
_OPEN = sa.text("status <> 'closed'")
TEAM_NAME = "coalesce(team, '')"


def upgrade() -> None:
    op.create_index(
        "ix_cases_open_queue", "cases", _COLUMNS, postgresql_where=_OPEN, sqlite_where=_OPEN
    )
    # The team filter's choices: one probe per team instead of reading every case. On an
    # expression, so that the planner never prefers it to the queue indexes for a team's
    # queue (a plain index on team made that query 20 times slower).
    op.create_index("ix_cases_team_names", "cases", [sa.text(TEAM_NAME)])


def downgrade() -> None:
    op.drop_index("ix_cases_team_names", table_name="cases")
    op.drop_index("ix_cases_open_queue", table_name="cases")
