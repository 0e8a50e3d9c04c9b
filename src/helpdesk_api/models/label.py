import uuid

from sqlalchemy import ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin


class Label(AccountScopedMixin, TimestampMixin, Base):
    """The account's catalogue of labels; conversations carry any number of them."""

    __tablename__ = "label"
    __table_args__ = (
        Index("uq_label_account_name", "account_id", func.lower(text("name")), unique=True),
    )

    name: Mapped[str] = mapped_column(String(100))
    color: Mapped[str] = mapped_column(String(7), default="#6b7280")
    description: Mapped[str] = mapped_column(Text, default="")


class ConversationLabel(Base):
    __tablename__ = "conversation_label"
    __table_args__ = (Index("ix_conversation_label_label", "label_id", "conversation_id"),)

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("label.id", ondelete="CASCADE"), primary_key=True
    )
