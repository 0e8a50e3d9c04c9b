import enum
import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin
from helpdesk_api.models.enums import Channel, check_in


class WidgetPosition(enum.StrEnum):
    right = "right"
    left = "left"


class WidgetLanguage(enum.StrEnum):
    """The widget's languages: those of the seeds' customers."""

    en = "en"
    nl = "nl"
    pl = "pl"
    sv = "sv"
    es = "es"


DEFAULT_WIDGET_COLOR = "#2563eb"


class Inbox(AccountScopedMixin, TimestampMixin, Base):
    """A channel customers write in through; every conversation arrives in one inbox."""

    __tablename__ = "inbox"
    __table_args__ = (
        CheckConstraint(check_in("channel", Channel), name="channel"),
        CheckConstraint(check_in("widget_position", WidgetPosition), name="widget_position"),
        CheckConstraint(check_in("widget_language", WidgetLanguage), name="widget_language"),
    )

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
    #: The widget's accent colour (``#rrggbb``), its corner, and its language (None: the
    #: visitor's browser decides).
    widget_color: Mapped[str] = mapped_column(
        String(7), default=DEFAULT_WIDGET_COLOR, server_default=DEFAULT_WIDGET_COLOR
    )
    widget_position: Mapped[str] = mapped_column(
        String(8), default=WidgetPosition.right.value, server_default=WidgetPosition.right.value
    )
    widget_language: Mapped[str | None] = mapped_column(String(2))
    #: Origins whose pages may embed the widget (``frame-ancestors``); empty: anywhere.
    widget_origins: Mapped[list[str]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )
