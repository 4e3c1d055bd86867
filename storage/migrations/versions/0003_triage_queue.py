"""triage facts, duplicates, routing, SLA jobs (issue: triage engine and scheduler)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): SQLite adds nullable or defaulted columns in place.
    with op.batch_alter_table("cases", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("reporters_count", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("duplicate_state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )
        batch_op.add_column(
            sa.Column("address_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
        batch_op.add_column(
            sa.Column("sla_breaches", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("erased_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_cases_duplicate_of", ["duplicate_of"], unique=False)
        batch_op.create_index("ix_cases_address_key", ["address_key"], unique=False)

    op.create_table(
        "queue_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sla_seconds", sa.JSON(), nullable=True),
        sa.Column("default_team", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "districts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=True),
        sa.Column("lat_min", sa.Float(), nullable=True),
        sa.Column("lon_min", sa.Float(), nullable=True),
        sa.Column("lat_max", sa.Float(), nullable=True),
        sa.Column("lon_max", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("instance", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.create_index("ux_job_runs_job_key", ["job", "key"], unique=True)
        batch_op.create_index("ix_job_runs_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_job_runs_at")
        batch_op.drop_index("ux_job_runs_job_key")
    op.drop_table("job_runs")
    op.drop_table("districts")
    op.drop_table("queue_policy")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_address_key")
        batch_op.drop_index("ix_cases_duplicate_of")
        batch_op.drop_column("erased_at")
        batch_op.drop_column("sla_breaches")
        batch_op.drop_column("address_key")
        batch_op.drop_column("duplicate_state")
        batch_op.drop_column("duplicate_of")
        batch_op.drop_column("reporters_count")
