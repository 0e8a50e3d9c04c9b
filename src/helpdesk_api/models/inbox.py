import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin
from helpdesk_api.models.enums import Channel, check_in


class Inbox(AccountScopedMixin, TimestampMixin, Base):
    """A channel customers write in through; every conversation arrives in one inbox."""

    __tablename__ = "inbox"
    __table_args__ = (CheckConstraint(check_in("channel", Channel), name="channel"),)

    name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16))
    greeting: Mapped[str] = mapped_column(Text, default="")
    auto_reply: Mapped[str] = mapped_column(Text, default="")
    #: Sent to a customer who writes outside the inbox's (or its team's) working hours.
    away_message: Mapped[str] = mapped_column(Text, default="", server_default="")
    default_team_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL")
    )
    #: Public key the web widget is embedded with; not a secret.
    widget_key: Mapped[str] = mapped_column(String(64), unique=True)
    #: Secret for identity verification: identifier_hash = HMAC-SHA256(secret, identifier).
    hmac_secret: Mapped[str] = mapped_column(String(128))
    bot_enabled: Mapped[bool] = mapped_column(default=False)
    working_hours: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    #: Channel credentials and options (e-mail address, Graph API ids …), per channel type.
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    is_active: Mapped[bool] = mapped_column(default=True)
