"""team chat: direct, all-staff and group channels, members with read markers, messages

Revision ID: e71b5a0c3d92
Revises: c4a9e2d17b3f
Create Date: 2026-11-26 16:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "e71b5a0c3d92"
down_revision: str | None = "c4a9e2d17b3f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Every existing account gets its all-staff channel, with every active user in it; the
#: application keeps both true from here on (account signup, user create and deactivate).
BACKFILL_ALL_STAFF = """
    INSERT INTO team_chat_channel (id, account_id, kind, name)
    SELECT gen_random_uuid(), account.id, 'all_staff', 'All staff' FROM account
"""
BACKFILL_MEMBERS = """
    INSERT INTO team_chat_member (channel_id, user_id)
    SELECT channel.id, "user".id
    FROM team_chat_channel AS channel
    JOIN "user" ON "user".account_id = channel.account_id AND "user".is_active
    WHERE channel.kind = 'all_staff'
"""


def upgrade() -> None:
    op.create_table(
        "team_chat_channel",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("direct_low_id", sa.Uuid(), nullable=True),
        sa.Column("direct_high_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("last_message_seq", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "last_activity_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(kind = 'direct') = (direct_low_id IS NOT NULL AND direct_high_id IS NOT NULL)",
            name=op.f("ck_team_chat_channel_direct_pair"),
        ),
        sa.CheckConstraint(
            "kind <> 'group' OR name IS NOT NULL", name=op.f("ck_team_chat_channel_group_name")
        ),
        sa.CheckConstraint(
            "kind IN ('direct', 'all_staff', 'group')", name=op.f("ck_team_chat_channel_kind")
        ),
        sa.CheckConstraint(
            "direct_low_id < direct_high_id", name=op.f("ck_team_chat_channel_direct_pair_order")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_team_chat_channel_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["user.id"],
            name=op.f("fk_team_chat_channel_created_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["direct_high_id"],
            ["user.id"],
            name=op.f("fk_team_chat_channel_direct_high_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["direct_low_id"],
            ["user.id"],
            name=op.f("fk_team_chat_channel_direct_low_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_chat_channel")),
        sa.UniqueConstraint(
            "direct_low_id", "direct_high_id", name="uq_team_chat_channel_direct_pair"
        ),
    )
    op.create_index(
        op.f("ix_team_chat_channel_account_id"), "team_chat_channel", ["account_id"], unique=False
    )
    op.create_index(
        "uq_team_chat_channel_all_staff",
        "team_chat_channel",
        ["account_id"],
        unique=True,
        postgresql_where=sa.text("kind = 'all_staff'"),
    )
    op.create_table(
        "team_chat_member",
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("last_read_seq", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "joined_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["team_chat_channel.id"],
            name=op.f("fk_team_chat_member_channel_id_team_chat_channel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_team_chat_member_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("channel_id", "user_id", name=op.f("pk_team_chat_member")),
    )
    op.create_index(
        op.f("ix_team_chat_member_user_id"), "team_chat_member", ["user_id"], unique=False
    )
    op.create_table(
        "team_chat_message",
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("mentions", postgresql.ARRAY(sa.UUID()), server_default="{}", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_team_chat_message_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["user.id"],
            name=op.f("fk_team_chat_message_author_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["team_chat_channel.id"],
            name=op.f("fk_team_chat_message_channel_id_team_chat_channel"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_chat_message")),
        sa.UniqueConstraint("channel_id", "seq", name="uq_team_chat_message_channel_seq"),
    )
    op.create_index(
        op.f("ix_team_chat_message_account_id"), "team_chat_message", ["account_id"], unique=False
    )
    op.execute(BACKFILL_ALL_STAFF)
    op.execute(BACKFILL_MEMBERS)


def downgrade() -> None:
    op.drop_index(op.f("ix_team_chat_message_account_id"), table_name="team_chat_message")
    op.drop_table("team_chat_message")
    op.drop_index(op.f("ix_team_chat_member_user_id"), table_name="team_chat_member")
    op.drop_table("team_chat_member")
    op.drop_index(
        "uq_team_chat_channel_all_staff",
        table_name="team_chat_channel",
        postgresql_where=sa.text("kind = 'all_staff'"),
    )
    op.drop_index(op.f("ix_team_chat_channel_account_id"), table_name="team_chat_channel")
    op.drop_table("team_chat_channel")
