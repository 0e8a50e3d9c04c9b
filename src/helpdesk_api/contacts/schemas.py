import enum
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, EmailStr, Field, JsonValue, StringConstraints

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Channel, ConversationStatus

MAX_ATTRIBUTES = 100

AttributeKey = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Attributes = Annotated[
    dict[AttributeKey, JsonValue],
    Field(
        max_length=MAX_ATTRIBUTES,
        description="Free-form values keyed by name; a key set to null is removed.",
    ),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    Field(description="The integrator's own id of this customer; unique in the account."),
]


class ActivityStatus(enum.StrEnum):
    """How recently the customer did something: < 7 days, >= 7 days, >= 30 days ago."""

    active = "active"
    low_risk = "low_risk"
    high_risk = "high_risk"


class Contact(Schema):
    id: uuid.UUID
    identifier: str | None
    name: str | None
    email: str | None
    phone: str | None
    custom_attributes: dict[str, JsonValue]
    activity_status: ActivityStatus = Field(
        description="From the last activity (or creation, if none): active < 7 days, "
        "low_risk >= 7 days, high_risk >= 30 days."
    )
    last_activity_at: datetime | None
    last_seen_at: datetime | None
    merged_into_id: uuid.UUID | None = Field(
        description="Set once merged into that contact; a merged contact is never listed."
    )
    created_at: datetime
    updated_at: datetime


class ContactCreate(Schema):
    identifier: Identifier | None = None
    name: Name | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    custom_attributes: Attributes = Field(default_factory=dict)


class ContactUpdate(Schema):
    """Only the fields sent change; ``null`` clears a field. ``custom_attributes`` are merged
    into the existing ones key by key."""

    identifier: Identifier | None = None
    name: Name | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    custom_attributes: Attributes = Field(default_factory=dict)


class ContactMerge(Schema):
    contact_id: uuid.UUID = Field(description="The contact merged into the one in the path.")


class ContactActivity(Schema):
    id: uuid.UUID
    contact_id: uuid.UUID
    type: str
    payload: dict[str, JsonValue]
    occurred_at: datetime
    created_at: datetime


class ContactActivityCreate(Schema):
    type: str = Field(min_length=1, max_length=100, examples=["order.placed"])
    payload: dict[str, JsonValue] = Field(default_factory=dict, max_length=MAX_ATTRIBUTES)
    occurred_at: AwareDatetime | None = Field(
        default=None, description="With a time zone; defaults to now."
    )


class ContactConversation(Schema):
    """A compact line of the contact's conversation history."""

    id: uuid.UUID
    number: int
    status: ConversationStatus
    channel: Channel
    inbox_id: uuid.UUID
    assignee_id: uuid.UUID | None
    team_id: uuid.UUID | None
    last_activity_at: datetime
    last_message_preview: str
    created_at: datetime
