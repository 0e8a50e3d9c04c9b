import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Channel
from helpdesk_api.schedules.hours import Hours

InboxName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
MessageText = Annotated[str, Field(max_length=5000)]
AwayMessage = Annotated[str, Field(max_length=2000)]


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


class InboxUpdate(Schema):
    """Fields to change; the channel never changes. ``null`` clears ``default_team_id`` and
    ``working_hours``; for the other fields it means "unchanged"."""

    name: InboxName | None = None
    greeting: MessageText | None = None
    auto_reply: MessageText | None = None
    away_message: AwayMessage | None = Field(default=None, description='"" turns it off.')
    default_team_id: uuid.UUID | None = None
    bot_enabled: bool | None = None
    working_hours: Hours | None = None
    is_active: bool | None = Field(default=None, description="true reactivates the inbox.")
