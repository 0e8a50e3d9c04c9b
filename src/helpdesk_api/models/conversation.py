import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin
from helpdesk_api.models.enums import Channel, ConversationStatus, Priority, check_in


class Conversation(AccountScopedMixin, TimestampMixin, Base):
    """A thread between one contact and the team, in one inbox. Never hard-deleted.

    The handler is the bot (``bot_active``), a user (``assignee_id``) or nobody.
    """

    __tablename__ = "conversation"
    __table_args__ = (
        CheckConstraint(check_in("status", ConversationStatus), name="status"),
        CheckConstraint(check_in("priority", Priority), name="priority"),
        CheckConstraint(check_in("channel", Channel), name="channel"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint("status <> 'snoozed' OR snoozed_until IS NOT NULL", name="snooze"),
        UniqueConstraint("account_id", "number", name="uq_conversation_account_number"),
        Index(
            "ix_conversation_activity",
            "account_id",
            text("last_activity_at DESC"),
            text("id DESC"),
        ),
        Index(
            "ix_conversation_status_activity",
            "account_id",
            "status",
            text("last_activity_at DESC"),
            text("id DESC"),
        ),
        Index(
            "ix_conversation_assignee_activity",
            "account_id",
            "assignee_id",
            text("last_activity_at DESC"),
            text("id DESC"),
        ),
        Index(
            "ix_conversation_team_activity",
            "account_id",
            "team_id",
            text("last_activity_at DESC"),
            text("id DESC"),
        ),
        Index(
            "ix_conversation_inbox_activity",
            "account_id",
            "inbox_id",
            text("last_activity_at DESC"),
            text("id DESC"),
        ),
        Index("ix_conversation_created", "account_id", text("created_at DESC"), text("id DESC")),
        Index(
            "ix_conversation_waiting",
            "account_id",
            "waiting_since",
            "id",
            postgresql_where=text("waiting_since IS NOT NULL"),
        ),
        Index(
            "ix_conversation_snoozed",
            "snoozed_until",
            postgresql_where=text("status = 'snoozed'"),
        ),
        Index("ix_conversation_contact", "contact_id", text("last_activity_at DESC")),
        Index(
            "ix_conversation_queue",
            "team_id",
            "queued_at",
            "id",
            postgresql_where=text("queued_at IS NOT NULL"),
        ),
        Index(
            "ix_conversation_load",
            "assignee_id",
            postgresql_where=text("status IN ('open', 'snoozed') AND assignee_id IS NOT NULL"),
        ),
    )

    number: Mapped[int]
    inbox_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inbox.id", ondelete="RESTRICT"))
    #: Copied from the inbox (which never changes channel) so lists filter without a join.
    channel: Mapped[str] = mapped_column(String(16))
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16), default=ConversationStatus.open.value)
    snoozed_until: Mapped[datetime | None]
    priority: Mapped[str] = mapped_column(String(16), default=Priority.none.value)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    bot_active: Mapped[bool] = mapped_column(default=False)
    subject: Mapped[str | None] = mapped_column(String(500))
    #: ``{type: ticket|task|project|…, external_id, url}`` of an item elsewhere.
    linked_item: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None]
    last_message_seq: Mapped[int] = mapped_column(default=0)
    #: Read receipts: the customer has seen messages up to this seq (the widget's marker),
    #: and some staff member has seen the customer's messages up to this one.
    contact_read_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    staff_read_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    last_message_preview: Mapped[str] = mapped_column(String(200), default="")
    last_activity_at: Mapped[datetime] = mapped_column(server_default=func.now())
    last_customer_message_at: Mapped[datetime | None]
    last_staff_message_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    #: The customer's first message not yet answered; null when nothing waits.
    waiting_since: Mapped[datetime | None]
    #: True from (re)opening until the next reply: that reply is a "first response".
    first_response_pending: Mapped[bool] = mapped_column(default=True)
    #: When the conversation was created or last reopened (resolution time starts here).
    opened_at: Mapped[datetime] = mapped_column(server_default=func.now())
    closed_at: Mapped[datetime | None]
    #: In its team's queue since (first come, first served); null when not waiting for one.
    queued_at: Mapped[datetime | None]
    #: When the current assignee got it.
    assigned_at: Mapped[datetime | None]
    #: Who it was taken from (no reply in time, or handed over in their absence) since it
    #: was last opened: routing never gives it back to them.
    past_assignee_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), default=list, server_default="{}"
    )
    #: When the away message was last sent (once per closed period of the working hours).
    away_replied_at: Mapped[datetime | None]


class ConversationFollower(Base):
    """A user notified of a conversation without handling it."""

    __tablename__ = "conversation_follower"

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ConversationParticipant(Base):
    """A cc recipient of the conversation's replies."""

    __tablename__ = "conversation_participant"
    __table_args__ = (
        Index(
            "uq_conversation_participant_email",
            "conversation_id",
            func.lower(text("email")),
            unique=True,
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE")
    )
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200))


class ConversationRead(Base):
    """How far one user has read one conversation, as a message sequence number."""

    __tablename__ = "conversation_read"

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_read_seq: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(server_default=func.now())


class ConversationCounter(Base):
    """The last conversation number of an account (conversations are #1, #2, #3 …).

    A row of its own, not a column of ``account``: taking a number locks this row, while
    the account row is locked only at commit for event numbers — two different rows, so
    creating conversations never holds the lock that every commit of the account needs.
    """

    __tablename__ = "conversation_counter"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    last_number: Mapped[int] = mapped_column(default=0)
