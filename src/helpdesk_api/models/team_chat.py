import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin
from helpdesk_api.models.enums import check_in


class TeamChatKind(enum.StrEnum):
    direct = "direct"
    all_staff = "all_staff"
    group = "group"


class TeamChatChannel(AccountScopedMixin, TimestampMixin, Base):
    """A staff-only chat: a 1:1 ``direct`` channel, the account's one ``all_staff``
    channel, or a ``group`` an admin made. Separate from customer conversations.

    A direct channel is keyed by its two users in id order, so the pair has one channel
    however many requests race to open it.
    """

    __tablename__ = "team_chat_channel"
    __table_args__ = (
        CheckConstraint(check_in("kind", TeamChatKind), name="kind"),
        CheckConstraint("kind <> 'group' OR name IS NOT NULL", name="group_name"),
        CheckConstraint(
            "(kind = 'direct') = (direct_low_id IS NOT NULL AND direct_high_id IS NOT NULL)",
            name="direct_pair",
        ),
        CheckConstraint("direct_low_id < direct_high_id", name="direct_pair_order"),
        UniqueConstraint(
            "direct_low_id", "direct_high_id", name="uq_team_chat_channel_direct_pair"
        ),
        Index(
            "uq_team_chat_channel_all_staff",
            "account_id",
            unique=True,
            postgresql_where=text("kind = 'all_staff'"),
        ),
    )

    kind: Mapped[str] = mapped_column(String(16))
    #: A group's name; the all-staff channel's is fixed, a direct channel has none.
    name: Mapped[str | None] = mapped_column(String(200))
    direct_low_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE")
    )
    direct_high_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE")
    )
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    #: The seq of the newest message: messages are numbered 1, 2, 3 … per channel.
    last_message_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    last_activity_at: Mapped[datetime] = mapped_column(server_default=func.now())


class TeamChatMember(Base):
    """A user in a channel, with how far they have read it."""

    __tablename__ = "team_chat_member"

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("team_chat_channel.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: Messages up to this seq are read; it only ever moves forward.
    last_read_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    joined_at: Mapped[datetime] = mapped_column(server_default=func.now())


class TeamChatMessage(AccountScopedMixin, Base):
    """One message of a channel; ``seq`` numbers them 1, 2, 3 … per channel."""

    __tablename__ = "team_chat_message"
    __table_args__ = (
        UniqueConstraint("channel_id", "seq", name="uq_team_chat_message_channel_seq"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("team_chat_channel.id", ondelete="CASCADE")
    )
    seq: Mapped[int]
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    #: Members the author mentioned; each was notified.
    mentions: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), default=list, server_default="{}"
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
