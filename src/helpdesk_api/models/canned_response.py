import uuid

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin


class CannedResponse(AccountScopedMixin, TimestampMixin, Base):
    """A reusable reply: shared by the account (no owner) or personal to its owner."""

    __tablename__ = "canned_response"
    __table_args__ = (
        Index(
            "uq_canned_response_shortcut",
            "account_id",
            text("coalesce(owner_id, '00000000-0000-0000-0000-000000000000'::uuid)"),
            text("lower(shortcut)"),
            unique=True,
        ),
    )

    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    shortcut: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
