import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Identity, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import Base


class Event(Base):
    """The transactional outbox and replay log: one row per event, numbered per account.

    ``seq`` is handed out while the account row is locked and committed with it, so the
    sequence an account's readers see never has a gap that fills later.
    """

    __tablename__ = "event"
    __table_args__ = (
        Index("uq_event_account_seq", "account_id", "seq", unique=True),
        Index(
            "ix_event_undispatched",
            "account_id",
            "seq",
            postgresql_where=text("dispatched_at IS NULL"),
        ),
        Index("ix_event_occurred_at", "occurred_at"),
        Index("ix_event_contact", "contact_id", postgresql_where=text("contact_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    account_id: Mapped[uuid.UUID]
    seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.now())
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    #: The conversation the event is about; staff see it only if they may see that.
    conversation_id: Mapped[uuid.UUID | None]
    #: The contact whose widget may see it; null means staff only.
    contact_id: Mapped[uuid.UUID | None]
    #: Addressed to one user only (e.g. a notification); null means everyone allowed.
    user_id: Mapped[uuid.UUID | None]
    #: A team-chat channel: only its members see the event.
    channel_id: Mapped[uuid.UUID | None]
    #: What the contact's widget sees of it (the widget schemas' projection), built when
    #: the event is written; null when the widget sees nothing of it.
    widget_data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    dispatched_at: Mapped[datetime | None]
