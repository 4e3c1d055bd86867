"""the complete resident conversation (issue: resident conversation)

Revision ID: 0002
Revises: 0001

Reporters: chosen language, contact consent and phone, /forget marker, flood window.
Cases: the structured answers (facts). Messages: when the reporter edited one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import sqlmodel
import storage.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): SQLite adds nullable or defaulted columns in place.
    with op.batch_alter_table("reporters", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("language_chosen", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("contact_consent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column("forgotten_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("burst_started_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("burst_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("burst_warned", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("cases", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("facts", sa.JSON(), nullable=True, server_default=sa.text("'{}'"))
        )
    with op.batch_alter_table("messages", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("edited_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("edited_at")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("facts")
    with op.batch_alter_table("reporters", schema=None) as batch_op:
        for column in (
            "burst_warned",
            "burst_count",
            "burst_started_at",
            "forgotten_at",
            "phone",
            "contact_consent",
            "language_chosen",
        ):
            batch_op.drop_column(column)
