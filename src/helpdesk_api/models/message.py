import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base
from helpdesk_api.models.enums import DeliveryStatus, MessageKind, SenderType, check_in


class Message(AccountScopedMixin, Base):
    """One message of a conversation; ``seq`` numbers them 1, 2, 3 … per conversation."""

    __tablename__ = "message"
    __table_args__ = (
        CheckConstraint(check_in("kind", MessageKind), name="kind"),
        CheckConstraint(check_in("sender_type", SenderType), name="sender_type"),
        CheckConstraint(check_in("delivery_status", DeliveryStatus), name="delivery_status"),
        UniqueConstraint("conversation_id", "seq", name="uq_message_conversation_seq"),
        Index(
            "uq_message_account_external_id",
            "account_id",
            "external_id",
            unique=True,
            postgresql_where=text("external_id IS NOT NULL"),
        ),
        Index("ix_message_search", "search", postgresql_using="gin"),
        Index(
            "ix_message_sender_user",
            "sender_user_id",
            text("created_at DESC"),
            postgresql_where=text("sender_user_id IS NOT NULL"),
        ),
        Index(
            "ix_message_sender_contact",
            "sender_contact_id",
            postgresql_where=text("sender_contact_id IS NOT NULL"),
        ),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE")
    )
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    sender_type: Mapped[str] = mapped_column(String(16))
    sender_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    sender_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text, default="")
    delivery_status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.sent.value)
    #: The channel's own id of this message, for de-duplicating redelivered webhooks.
    external_id: Mapped[str | None] = mapped_column(String(255))
    #: Channel specifics (e-mail headers, template ids …).
    extra: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    search: Mapped[str] = mapped_column(
        TSVECTOR, Computed("to_tsvector('simple', coalesce(text, ''))", persisted=True)
    )


class Attachment(AccountScopedMixin, Base):
    """An uploaded file; belongs to a message once the message that carries it is sent."""

    __tablename__ = "attachment"
    __table_args__ = (
        Index("ix_attachment_orphans", "created_at", postgresql_where=text("message_id IS NULL")),
        Index(
            "ix_attachment_contact",
            "uploaded_by_contact_id",
            postgresql_where=text("uploaded_by_contact_id IS NOT NULL"),
        ),
    )

    message_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    uploaded_by_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
