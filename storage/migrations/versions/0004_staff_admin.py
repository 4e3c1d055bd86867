"""staff web admin: sessions, notes, templates (issue: staff admin)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, storage.types.UTCDateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=nullable)


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite adds a nullable column in place, no table rebuild.
    with op.batch_alter_table("staff", schema=None, recreate="never") as batch_op:
        batch_op.add_column(_text("language", 8, nullable=True))

    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("token_hash", 64),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        _text("csrf_token", 64),
        _when("created_at"),
        _when("last_seen_at"),
        _when("expires_at"),
        _when("revoked_at", nullable=True),
        _text("ip", 64, nullable=True),
        _text("user_agent", 255, nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_staff_sessions_staff_id", ["staff_id"], unique=False)

    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("username", 64),
        _text("ip", 64),
        _when("at"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index("ix_login_failures_who", ["username", "ip", "at"], unique=False)

    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_notes", schema=None) as batch_op:
        batch_op.create_index("ix_case_notes_case_id", ["case_id"], unique=False)

    op.create_table(
        "reply_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("title", 100),
        sa.Column("body", sa.Text(), nullable=False),
        _text("language", 8, nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _when("created_at"),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("reply_templates")
    with op.batch_alter_table("case_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_case_notes_case_id")
    op.drop_table("case_notes")
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failures_who")
    op.drop_table("login_failures")
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_sessions_staff_id")
    op.drop_table("staff_sessions")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("language")
