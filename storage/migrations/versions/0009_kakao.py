"""channels: reporters, inbox and outbox rows say their channel; attachments a source id

Reporters were keyed by Telegram's user id; they are now keyed by (channel, channel user
id), so a KakaoTalk botUserKey and a Telegram id never collide. Existing reporters become
("telegram", their user id as text). Inbox and outbox rows gain the channel (existing
rows: telegram) and, for KakaoTalk, the botUserKey. Attachments' Telegram file ids become
the neutral source ids. Outgoing messages record the route that delivered them; those
Telegram already delivered say so.

Revision ID: 0009_kakao
Revises: 0008_attach
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009_kakao"
down_revision: str | None = "0008_attach"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _channel_column() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "channel",
        sqlmodel.sql.sqltypes.AutoString(length=16),
        nullable=False,
        server_default="telegram",
    )


def _user_column(*, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "channel_user_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=nullable
    )


def _defer_foreign_keys() -> None:
    # SQLite rebuilds reporters and attachments (a UNIQUE column cannot be dropped in
    # place); the rebuild drops the old table while cases still point at it. Checking the
    # keys at commit, when the new table carries the old name, keeps every reference.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA defer_foreign_keys = ON")


def upgrade() -> None:
    _defer_foreign_keys()
    with op.batch_alter_table("reporters", schema=None) as batch_op:
        batch_op.add_column(_channel_column())
        batch_op.add_column(_user_column())
        batch_op.add_column(
            sa.Column("channel_friend", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column(
                "channel_friend_key", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True
            )
        )
    op.execute(
        "UPDATE reporters SET channel_user_id = CAST(telegram_user_id AS VARCHAR(128))"
    )
    with op.batch_alter_table("reporters", schema=None) as batch_op:
        batch_op.alter_column(
            "channel_user_id",
            existing_type=sa.String(length=128),
            nullable=False,
        )
        batch_op.drop_column("telegram_user_id")
        batch_op.create_index(
            "ux_reporters_channel_user", ["channel", "channel_user_id"], unique=True
        )
    with op.batch_alter_table("cases", schema=None, recreate="never") as batch_op:
        batch_op.add_column(_channel_column())
    with op.batch_alter_table("inbox", schema=None, recreate="never") as batch_op:
        batch_op.add_column(_channel_column())
        batch_op.add_column(_user_column())
    with op.batch_alter_table("outbox", schema=None, recreate="never") as batch_op:
        batch_op.add_column(_channel_column())
        batch_op.add_column(_user_column())
        batch_op.create_index(batch_op.f("ix_outbox_channel"), ["channel"], unique=False)
        batch_op.create_index(
            "ix_outbox_channel_user", ["channel_user_id", "status"], unique=False
        )
    with op.batch_alter_table("messages", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "delivery_route", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
            )
        )
    op.execute(
        "UPDATE messages SET delivery_route = 'telegram'"
        " WHERE direction = 'out' AND delivery = 'sent'"
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.alter_column(
            "telegram_file_id",
            new_column_name="source_file_id",
            existing_type=sa.String(length=255),
            type_=sa.String(length=1024),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "telegram_file_unique_id",
            new_column_name="source_file_unique_id",
            existing_type=sa.String(length=64),
            existing_nullable=False,
        )


def downgrade() -> None:
    _defer_foreign_keys()
    # KakaoTalk reporters have no Telegram id: going back removes them from the reporters'
    # identity (their cases stay, without a reporter to reply to).
    op.execute(
        "UPDATE cases SET reporter_id = NULL WHERE reporter_id IN"
        " (SELECT id FROM reporters WHERE channel <> 'telegram')"
    )
    op.execute("DELETE FROM volunteers WHERE reporter_id IN"
               " (SELECT id FROM reporters WHERE channel <> 'telegram')")
    op.execute("DELETE FROM reporters WHERE channel <> 'telegram'")
    op.execute("DELETE FROM outbox WHERE channel <> 'telegram'")
    op.execute("DELETE FROM inbox WHERE channel <> 'telegram'")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.alter_column(
            "source_file_unique_id",
            new_column_name="telegram_file_unique_id",
            existing_type=sa.String(length=64),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "source_file_id",
            new_column_name="telegram_file_id",
            existing_type=sa.String(length=1024),
            type_=sa.String(length=255),
            existing_nullable=False,
        )
    with op.batch_alter_table("messages", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("delivery_route")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_channel_user")
        batch_op.drop_index(batch_op.f("ix_outbox_channel"))
        batch_op.drop_column("channel_user_id")
        batch_op.drop_column("channel")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_column("channel_user_id")
        batch_op.drop_column("channel")
    with op.batch_alter_table("reporters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("telegram_user_id", sa.BigInteger(), nullable=True))
    op.execute("UPDATE reporters SET telegram_user_id = CAST(channel_user_id AS BIGINT)")
    with op.batch_alter_table("reporters", schema=None) as batch_op:
        batch_op.drop_index("ux_reporters_channel_user")
        batch_op.alter_column("telegram_user_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_unique_constraint("reporters_telegram_user_id_key", ["telegram_user_id"])
        batch_op.drop_column("channel_friend_key")
        batch_op.drop_column("channel_friend")
        batch_op.drop_column("channel_user_id")
        batch_op.drop_column("channel")
