"""realtime: event widget projection and channel, dispatch by seq, retention, read receipts

Revision ID: c4a9e2d17b3f
Revises: 6878418cc71b
Create Date: 2026-11-26 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "c4a9e2d17b3f"
down_revision: str | None = "6878418cc71b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("event", sa.Column("channel_id", sa.Uuid(), nullable=True))
    op.add_column(
        "event",
        sa.Column("widget_data", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.add_column(
        "account",
        sa.Column("events_purged_through", sa.BigInteger(), server_default="0", nullable=False),
    )
    for column in ("contact_read_seq", "staff_read_seq"):
        op.add_column(
            "conversation",
            sa.Column(column, sa.Integer(), server_default="0", nullable=False),
        )
    op.drop_index(
        "ix_event_undispatched",
        table_name="event",
        postgresql_where=sa.text("dispatched_at IS NULL"),
    )
    op.create_index(
        "ix_event_undispatched",
        "event",
        ["account_id", "seq"],
        postgresql_where=sa.text("dispatched_at IS NULL"),
    )
    op.create_index("ix_event_occurred_at", "event", ["occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_event_occurred_at", table_name="event")
    op.drop_index(
        "ix_event_undispatched",
        table_name="event",
        postgresql_where=sa.text("dispatched_at IS NULL"),
    )
    op.create_index(
        "ix_event_undispatched",
        "event",
        ["id"],
        postgresql_where=sa.text("dispatched_at IS NULL"),
    )
    op.drop_column("conversation", "staff_read_seq")
    op.drop_column("conversation", "contact_read_seq")
    op.drop_column("account", "events_purged_through")
    op.drop_column("event", "widget_data")
    op.drop_column("event", "channel_id")
