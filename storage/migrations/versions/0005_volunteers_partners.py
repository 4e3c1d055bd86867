"""volunteers and partner organisations: visit requests, partners, referrals

Revision ID: 0005
Revises: 0004r
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004r"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, storage.types.UTCDateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=nullable)


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite adds a nullable column in place, no table rebuild.
    with op.batch_alter_table("reporters", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("visit_request_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("inbox", schema=None, recreate="never") as batch_op:
        batch_op.add_column(_when("next_attempt_at", nullable=True))
        batch_op.create_index("ix_inbox_status_update", ["status", "update_id"], unique=False)
    with op.batch_alter_table("outbox", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    op.create_table(
        "visit_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        _text("status", 16),
        _text("result", 16, nullable=True),
        _when("created_at"),
        _when("answered_at", nullable=True),
        _when("reported_at", nullable=True),
        _when("reminded_at", nullable=True),
        _when("flagged_at", nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteers.id"]),
        sa.ForeignKeyConstraint(["requested_by"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visit_requests", schema=None) as batch_op:
        batch_op.create_index("ix_visit_requests_case_id", ["case_id"], unique=False)
        batch_op.create_index("ix_visit_requests_volunteer_id", ["volunteer_id"], unique=False)
        batch_op.create_index("ix_visit_requests_status", ["status"], unique=False)

    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("name", 120),
        sa.Column("services", sa.JSON(), nullable=True),
        sa.Column("districts", sa.JSON(), nullable=True),
        _text("contact", 200),
        _text("hours", 200),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )

    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        _text("service", 32),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        _when("referred_at"),
        _text("result", 16),
        _when("result_at", nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index("ix_referrals_case_id", ["case_id"], unique=False)
        batch_op.create_index("ix_referrals_partner_id", ["partner_id"], unique=False)
        batch_op.create_index("ix_referrals_referred_at", ["referred_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index("ix_referrals_referred_at")
        batch_op.drop_index("ix_referrals_partner_id")
        batch_op.drop_index("ix_referrals_case_id")
    op.drop_table("referrals")
    op.drop_table("partners")
    with op.batch_alter_table("visit_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_requests_status")
        batch_op.drop_index("ix_visit_requests_volunteer_id")
        batch_op.drop_index("ix_visit_requests_case_id")
    op.drop_table("visit_requests")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("urgent")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_status_update")
        batch_op.drop_column("next_attempt_at")
    with op.batch_alter_table("reporters", schema=None) as batch_op:
        batch_op.drop_column("visit_request_id")
