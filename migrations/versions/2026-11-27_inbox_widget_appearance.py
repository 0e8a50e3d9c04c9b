"""inbox widget appearance and embedding origins

Revision ID: 9b3d6f1e2a47
Revises: e71b5a0c3d92
Create Date: 2026-11-27 03:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "9b3d6f1e2a47"
down_revision: str | None = "e71b5a0c3d92"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "inbox",
        sa.Column("widget_color", sa.String(length=7), server_default="#2563eb", nullable=False),
    )
    op.add_column(
        "inbox",
        sa.Column("widget_position", sa.String(length=8), server_default="right", nullable=False),
    )
    op.add_column("inbox", sa.Column("widget_language", sa.String(length=2), nullable=True))
    op.add_column(
        "inbox",
        sa.Column(
            "widget_origins",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
    )
    op.create_check_constraint(
        op.f("ck_inbox_widget_position"), "inbox", "widget_position IN ('right', 'left')"
    )
    op.create_check_constraint(
        op.f("ck_inbox_widget_language"),
        "inbox",
        "widget_language IN ('en', 'nl', 'pl', 'sv', 'es')",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_inbox_widget_language"), "inbox", type_="check")
    op.drop_constraint(op.f("ck_inbox_widget_position"), "inbox", type_="check")
    op.drop_column("inbox", "widget_origins")
    op.drop_column("inbox", "widget_language")
    op.drop_column("inbox", "widget_position")
    op.drop_column("inbox", "widget_color")
