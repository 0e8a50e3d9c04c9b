import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import DeliveryStatus, MessageKind, SenderType


class AttachmentBrief(Schema):
    id: uuid.UUID
    filename: str
    content_type: str
    size_bytes: int
    url: str


class Message(Schema):
    id: uuid.UUID
    conversation_id: uuid.UUID
    seq: int = Field(description="Position in the conversation: 1, 2, 3 …")
    kind: MessageKind
    sender_type: SenderType
    sender_user_id: uuid.UUID | None
    sender_contact_id: uuid.UUID | None
    text: str
    attachments: list[AttachmentBrief]
    delivery_status: DeliveryStatus
    created_at: datetime


class MessageCreate(Schema):
    """``reply`` goes to the customer; ``note`` stays internal; ``whisper`` (owners and
    admins monitoring the conversation) is for the handling agent, never the customer."""

    kind: Literal[MessageKind.reply, MessageKind.note, MessageKind.whisper] = MessageKind.reply
    text: str = Field(default="", max_length=10_000)
    attachment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _not_empty(self) -> "MessageCreate":
        if not self.text.strip() and not self.attachment_ids:
            raise ValueError("a message needs text or attachments")
        return self
