"""Projections: the only way the customer's view of conversations and messages is built,
for widget responses and for the events its socket receives.

A customer sees replies and system messages only, staff named by their name only; notes,
whispers, assignees, teams, priorities and e-mail addresses never leave through here.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.messages import schemas as message_schemas
from helpdesk_api.models import (
    CUSTOMER_VISIBLE_KINDS,
    Attachment,
    Conversation,
    ConversationStatus,
    SenderType,
)
from helpdesk_api.routing import queue
from helpdesk_api.widget import schemas
from helpdesk_api.widget.repository import WidgetRepository

ATTACHMENT_PATH = "/api/v1/widget/attachments/{id}"


def project_conversation(
    conversation: Conversation, queue_position: int | None = None
) -> schemas.WidgetConversation:
    """Snoozing is the team's own scheduling: to the customer the conversation is open."""
    projected = schemas.WidgetConversation.model_validate(conversation)
    if projected.status is ConversationStatus.snoozed:
        projected.status = ConversationStatus.open
    projected.queue_position = queue_position
    projected.seen_up_to_seq = conversation.staff_read_seq
    return projected


async def project_conversations(
    session: AsyncSession, conversations: Sequence[Conversation]
) -> list[schemas.WidgetConversation]:
    """With each one's place in its team's queue, which the customer sees while waiting
    (looked up for waiting ones only: the others have none)."""
    positions = await queue.positions(session, [c.id for c in conversations if queue.is_waiting(c)])
    return [project_conversation(c, positions.get(c.id)) for c in conversations]


def project_attachment(
    attachment: Attachment | message_schemas.AttachmentBrief,
) -> schemas.WidgetAttachment:
    return schemas.WidgetAttachment(
        id=attachment.id,
        filename=attachment.filename,
        content_type=attachment.content_type,
        size_bytes=attachment.size_bytes,
        url=ATTACHMENT_PATH.format(id=attachment.id),
    )


async def project_messages(
    session: AsyncSession, account_id: uuid.UUID, messages: Sequence[message_schemas.Message]
) -> list[schemas.WidgetMessage]:
    """Replies and system messages as the customer sees them, staff named by their name
    only. Notes and whispers are dropped here too, so no caller can leak one by asking the
    wrong way."""
    replies = [m for m in messages if m.kind in CUSTOMER_VISIBLE_KINDS]
    names = await WidgetRepository(session).user_names(
        account_id,
        {
            m.sender_user_id
            for m in replies
            if m.sender_user_id and m.sender_type is SenderType.user
        },
    )
    return [
        schemas.WidgetMessage(
            id=m.id,
            conversation_id=m.conversation_id,
            seq=m.seq,
            sender_type=m.sender_type,
            sender_name=names.get(m.sender_user_id) if m.sender_user_id else None,
            text=m.text,
            attachments=[project_attachment(a) for a in m.attachments],
            created_at=m.created_at,
        )
        for m in replies
    ]


# What the widget's socket receives, built when the event is committed (see events.py).


async def conversation_event(session: AsyncSession, conversation: Conversation) -> dict[str, Any]:
    [projected] = await project_conversations(session, [conversation])
    return {"conversation": projected.model_dump(mode="json")}


async def message_event(
    session: AsyncSession, conversation: Conversation, message: message_schemas.Message
) -> dict[str, Any]:
    [projected] = await project_messages(session, conversation.account_id, [message])
    return {
        "message": projected.model_dump(mode="json"),
        **await conversation_event(session, conversation),
    }
