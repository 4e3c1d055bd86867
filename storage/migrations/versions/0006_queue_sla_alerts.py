"""overdue cases keep their deadline: cases.sla_next_alert_at, and due_at restored

Until this revision the SLA sweep moved a breached case's ``due_at`` to "now + the new
level's SLA", so an overdue case looked on time again. ``due_at`` now stays the deadline
and the sweep keeps its own reminder clock in ``sla_next_alert_at``. This revision gives
cases breached before it their deadline back: the first ``sla_breached`` event's time less
the ``overdue_minutes`` it recorded (to the minute; never later than the stored due time).
The moved due time was when the old sweep would have alerted next, so it becomes
``sla_next_alert_at``: upgrading does not set off a burst of alerts about old breaches.

Revision ID: 0006_queue
Revises: 0005
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006_queue"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_cases = sa.table(
    "cases",
    sa.column("id", sa.Integer),
    sa.column("due_at", storage.types.UTCDateTime(timezone=True)),
    sa.column("sla_breaches", sa.Integer),
    sa.column("sla_next_alert_at", storage.types.UTCDateTime(timezone=True)),
)
_events = sa.table(
    "case_events",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("data", sa.JSON),
    sa.column("at", storage.types.UTCDateTime(timezone=True)),
)


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite adds a nullable column in place, no table rebuild.
    with op.batch_alter_table("cases", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("sla_next_alert_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
    _restore_deadlines(op.get_bind())


def _restore_deadlines(bind: sa.engine.Connection) -> None:
    breached = sa.select(_cases.c.id).where(_cases.c.sla_breaches > 0)
    first: dict[int, object] = {}
    rows = bind.execute(
        sa.select(_events.c.case_id, _events.c.at, _events.c.data)
        .where(_events.c.kind == "sla_breached", _events.c.case_id.in_(breached))
        .order_by(_events.c.id)
    )
    for case_id, at, data in rows:
        minutes = (data or {}).get("overdue_minutes")
        if case_id not in first and isinstance(minutes, int) and at is not None:
            first[case_id] = at - timedelta(minutes=minutes)
    bind.execute(
        sa.update(_cases).where(_cases.c.sla_breaches > 0).values(sla_next_alert_at=_cases.c.due_at)
    )
    for case_id, deadline in first.items():
        bind.execute(
            sa.update(_cases)
            .where(_cases.c.id == case_id, _cases.c.due_at > deadline)
            .values(due_at=deadline)
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("sla_next_alert_at")
