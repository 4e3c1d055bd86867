"""attachments kept by sagak: where the bytes are, their checked type, fetch state

Revision ID: 0008_attach
Revises: 0007_auth
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0008_attach"
down_revision: str | None = "0007_auth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )
        batch_op.add_column(
            sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
        batch_op.add_column(
            sa.Column("refused_reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column("fetch_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("next_fetch_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "fetch_claimed_until", storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
    # Rows from before: their bytes are still only with Telegram. "remote" has them fetched
    # into the store the first time a staff member opens them, not all at once at upgrade.
    op.execute(
        "UPDATE attachments SET status = CASE WHEN telegram_file_id = '' "
        "THEN 'erased' ELSE 'remote' END"
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        )
        batch_op.alter_column("fetch_attempts", server_default=None)
        batch_op.create_index("ix_attachments_fetch", ["status", "next_fetch_at"], unique=False)
        batch_op.create_index("ix_attachments_storage_key", ["storage_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_attachments_storage_key")
        batch_op.drop_index("ix_attachments_fetch")
        batch_op.drop_column("fetch_claimed_until")
        batch_op.drop_column("next_fetch_at")
        batch_op.drop_column("fetch_attempts")
        batch_op.drop_column("refused_reason")
        batch_op.drop_column("content_type")
        batch_op.drop_column("storage_key")
        batch_op.drop_column("status")
