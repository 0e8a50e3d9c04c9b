import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base


class ConversationEvent(AccountScopedMixin, Base):
    """One entry of a conversation's timeline: who changed what, and when."""

    __tablename__ = "conversation_event"
    __table_args__ = (
        Index("ix_conversation_event_timeline", "conversation_id", "created_at"),
        Index(
            "ix_conversation_event_contact",
            "actor_contact_id",
            postgresql_where=text("actor_contact_id IS NOT NULL"),
        ),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE")
    )
    #: created, assigned, transferred, escalated, taken_over, status_changed, labelled,
    #: followed, unfollowed, participants_changed, seen, rated, priority_changed, …
    type: Mapped[str] = mapped_column(String(50))
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    actor_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
