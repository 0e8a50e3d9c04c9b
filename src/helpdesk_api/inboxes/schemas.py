import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Channel
from helpdesk_api.models.inbox import DEFAULT_WIDGET_COLOR, WidgetLanguage, WidgetPosition
from helpdesk_api.schedules.hours import Hours

InboxName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
MessageText = Annotated[str, Field(max_length=5000)]
AwayMessage = Annotated[str, Field(max_length=2000)]
Color = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$", to_lower=True),
    Field(description="The widget's accent colour as `#rrggbb`.", examples=["#2563eb"]),
]
MAX_ORIGINS = 50


def _origin(value: str) -> str:
    """``https://shop.example``, ``http://localhost:3000`` or ``https://*.example.com``:
    a scheme and a host (a port if any), nothing after it; ``*`` only as the first label."""
    lowered = value.strip().lower()
    if lowered.endswith("/"):
        lowered = lowered[:-1]
    return lowered


Origin = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=255,
        pattern=r"^https?://(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?/?$",
    ),
    AfterValidator(_origin),
]
Origins = Annotated[
    list[Origin],
    AfterValidator(lambda origins: list(dict.fromkeys(origins))),
    Field(
        max_length=MAX_ORIGINS,
        description="Origins whose pages may embed the widget (its page's "
        "`Content-Security-Policy: frame-ancestors`); empty: any site.",
        examples=[["https://shop.example", "https://*.shop.example"]],
    ),
]


class Inbox(Schema):
    id: uuid.UUID
    name: str
    channel: Channel
    greeting: str = Field(description="Shown to a visitor when the widget opens.")
    auto_reply: str = Field(description="Sent after the first message of a new conversation.")
    away_message: str = Field(
        description="Sent when a customer writes while this inbox's or the conversation's "
        "team's working hours are closed: once per conversation per closed period."
    )
    default_team_id: uuid.UUID | None
    widget_key: str = Field(description="Public key the web widget is embedded with.")
    hmac_secret: str | None = Field(
        description="Secret for identity verification (`identifier_hash` = HMAC-SHA256 of "
        "the identifier with it). Returned to owners and admins only; null for agents."
    )
    bot_enabled: bool
    working_hours: Hours | None = Field(description="Null: always open.")
    is_active: bool
    widget_color: str = Field(description="The widget's accent colour (`#rrggbb`).")
    widget_position: WidgetPosition = Field(description="The corner of the page it sits in.")
    widget_language: WidgetLanguage | None = Field(
        description="The widget's language; null: the visitor's browser language when the "
        "widget has it, else English."
    )
    widget_origins: list[str] = Field(
        description="Origins whose pages may embed the widget; empty: any site."
    )
    created_at: datetime
    updated_at: datetime


class InboxCreate(Schema):
    name: InboxName
    channel: Channel = Field(description="Fixed for the inbox's lifetime.")
    greeting: MessageText = ""
    auto_reply: MessageText = ""
    away_message: AwayMessage = ""
    default_team_id: uuid.UUID | None = Field(
        default=None, description="A team of this account; new conversations are routed to it."
    )
    bot_enabled: bool = False
    working_hours: Hours | None = None
    widget_color: Color = DEFAULT_WIDGET_COLOR
    widget_position: WidgetPosition = WidgetPosition.right
    widget_language: WidgetLanguage | None = None
    widget_origins: Origins = Field(default_factory=list)


class InboxUpdate(Schema):
    """Fields to change; the channel never changes. ``null`` clears ``default_team_id``,
    ``working_hours`` and ``widget_language``; for the other fields it means "unchanged"."""

    name: InboxName | None = None
    greeting: MessageText | None = None
    auto_reply: MessageText | None = None
    away_message: AwayMessage | None = Field(default=None, description='"" turns it off.')
    default_team_id: uuid.UUID | None = None
    bot_enabled: bool | None = None
    working_hours: Hours | None = None
    is_active: bool | None = Field(default=None, description="true reactivates the inbox.")
    widget_color: Color | None = None
    widget_position: WidgetPosition | None = None
    widget_language: WidgetLanguage | None = None
    widget_origins: Origins | None = None
