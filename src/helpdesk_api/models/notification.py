import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base


class Notification(AccountScopedMixin, Base):
    """Something one user should know about (a conversation given to them, a mention …).

    In-app first; other delivery channels read the same rows.
    """

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_created", "user_id", text("created_at DESC"), text("id DESC")),
        Index("ix_notification_unread", "user_id", postgresql_where=text("read_at IS NULL")),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    #: assigned, transferred, escalated, handed_over, mentioned …
    type: Mapped[str] = mapped_column(String(50))
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE")
    )
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    read_at: Mapped[datetime | None]
