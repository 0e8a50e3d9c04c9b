"""What the widget sends and sees. Customer-safe by construction: no assignee, team,
labels, priority, internal notes, e-mail addresses of staff or internal ids of staff."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints, model_validator

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Channel, ConversationStatus, SenderType
from helpdesk_api.models.inbox import WidgetLanguage, WidgetPosition

MAX_ATTACHMENTS = 10
MAX_TEXT = 10_000

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
AttachmentIds = Annotated[list[uuid.UUID], Field(max_length=MAX_ATTACHMENTS)]


class SessionCreate(Schema):
    """Every field optional: nothing for a new anonymous visitor, ``contact_token`` to resume
    one, ``identifier`` + ``identifier_hash`` for a customer the integrator has logged in."""

    identifier: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The integrator's id of the logged-in customer, exactly as signed.",
    )
    identifier_hash: str | None = Field(
        default=None,
        max_length=128,
        description="Hex HMAC-SHA256 of `identifier` keyed with the inbox's HMAC secret, "
        "computed on the integrator's server.",
    )
    name: Name | None = None
    email: Annotated[EmailStr, Field(max_length=320)] | None = None
    contact_token: str | None = Field(
        default=None,
        max_length=4096,
        description="A previous session's token: an anonymous visitor keeps their contact.",
    )

    @model_validator(mode="after")
    def _hash_needs_identifier(self) -> "SessionCreate":
        if self.identifier_hash is not None and self.identifier is None:
            raise ValueError("identifier_hash is only sent with identifier")
        return self


class WidgetContact(Schema):
    id: uuid.UUID
    name: str | None
    email: str | None
    identifier: str | None


class WidgetInbox(Schema):
    id: uuid.UUID
    name: str
    channel: Channel
    greeting: str


class WidgetSettings(Schema):
    """What the widget shows before anyone writes: public, read with the inbox key only."""

    name: str
    greeting: str
    color: str = Field(description="The accent colour, `#rrggbb`.")
    position: WidgetPosition
    language: WidgetLanguage | None = Field(
        description="Null: the visitor's browser language when the widget has it."
    )
    open_now: bool = Field(
        description="Whether the inbox and its team are within working hours now."
    )
    away_message: str = Field(description="What a customer writing now is told, when closed.")


class WidgetSession(Schema):
    contact_token: str = Field(description="Send as `Authorization: Bearer …` to /widget.")
    expires_at: datetime
    contact: WidgetContact
    inbox: WidgetInbox


class WidgetConversation(Schema):
    id: uuid.UUID
    number: int
    status: ConversationStatus
    last_message_preview: str = Field(description="The latest customer-visible reply.")
    created_at: datetime
    last_activity_at: datetime
    rating: int | None
    rating_comment: str | None
    seen_up_to_seq: int = Field(
        default=0, description='The team has seen your messages up to this seq ("seen").'
    )
    queue_position: int | None = Field(
        default=None, description="While waiting for an agent: its place in line (1 = next)."
    )


class WidgetAttachment(Schema):
    id: uuid.UUID
    filename: str
    content_type: str
    size_bytes: int
    url: str = Field(description="Download with the contact token.")


class WidgetMessage(Schema):
    """A reply or system message (never a note or whisper) as the customer sees it."""

    id: uuid.UUID
    conversation_id: uuid.UUID
    seq: int = Field(description="Position in the conversation; gaps are internal messages.")
    sender_type: SenderType
    sender_name: str | None = Field(description="The staff member's name on their replies.")
    text: str
    attachments: list[WidgetAttachment]
    created_at: datetime


def _has_content(text: str, attachment_ids: list[uuid.UUID]) -> None:
    if not text.strip() and not attachment_ids:
        raise ValueError("a message needs text or attachments")


class WidgetConversationCreate(Schema):
    message: Text = Field(default="", description="The first message; may be empty with files.")
    attachment_ids: AttachmentIds = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> "WidgetConversationCreate":
        _has_content(self.message, self.attachment_ids)
        return self


class WidgetConversationStarted(Schema):
    conversation: WidgetConversation
    messages: list[WidgetMessage] = Field(
        description="The customer's first message, then the inbox's away message if it is "
        "closed, then its auto-reply if it has one."
    )


class WidgetMessageCreate(Schema):
    text: Text = ""
    attachment_ids: AttachmentIds = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> "WidgetMessageCreate":
        _has_content(self.text, self.attachment_ids)
        return self


class ReadCreate(Schema):
    seq: int = Field(ge=0, description="The last message seq the customer has seen.")


class RatingCreate(Schema):
    rating: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000)
