"""How conversations look in responses and in event payloads."""

from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations import schemas
from helpdesk_api.conversations.repository import ConversationRepository, SurroundingsRow
from helpdesk_api.events import EventType
from helpdesk_api.models import Conversation
from helpdesk_api.widget import projection


def handler(conversation: Conversation) -> str:
    if conversation.assignee_id is not None:
        return "user"
    return "bot" if conversation.bot_active else "none"


def snapshot(conversation: Conversation) -> dict[str, object]:
    """Caller-independent state for event payloads (no contact details, no read state)."""
    return schemas.ConversationSnapshot(
        **{
            f: getattr(conversation, f)
            for f in schemas.ConversationSnapshot.model_fields
            if f != "handler"
        },
        handler=handler(conversation),
    ).model_dump(mode="json")


def record(
    session: AsyncSession,
    type: EventType,
    conversation: Conversation,
    details: dict[str, Any] | None = None,
    *,
    to_widget: bool = False,
) -> None:
    """Record an event about ``conversation`` with its snapshot taken at commit, so the
    payload is what was committed, not what it was halfway through the unit of work.

    ``to_widget``: the contact's widget sees it too, as its own projection (status,
    rating, queue position; never the assignee, team or priority).
    """
    events.record(
        session,
        conversation.account_id,
        type,
        partial(_payload, conversation, details or {}),
        conversation_id=conversation.id,
        contact_id=conversation.contact_id if to_widget else None,
        widget=partial(projection.conversation_event, conversation=conversation)
        if to_widget
        else None,
    )


def _payload(conversation: Conversation, details: dict[str, Any]) -> dict[str, Any]:
    return {"conversation": snapshot(conversation), **details}


async def present(
    session: AsyncSession, subject: Subject, conversations: Sequence[Conversation]
) -> list[schemas.Conversation]:
    """Full read models for ``subject``: contact, labels, unread count, following."""
    around = await ConversationRepository(session).surroundings(
        subject, [c.id for c in conversations]
    )
    return [_read_model(c, around[c.id]) for c in conversations]


def _read_model(c: Conversation, around: SurroundingsRow) -> schemas.Conversation:
    return schemas.Conversation(
        **{
            f: getattr(c, f)
            for f in schemas.ConversationSnapshot.model_fields
            if f not in ("handler", "contact_id")
        },
        handler=handler(c),
        contact=schemas.ContactBrief(
            id=around.contact_id,
            name=around.contact_name,
            email=around.contact_email,
            identifier=around.contact_identifier,
        ),
        labels=around.labels,  # {id, name, color} objects, validated as LabelBrief
        last_customer_message_at=c.last_customer_message_at,
        last_staff_message_at=c.last_staff_message_at,
        first_response_at=c.first_response_at,
        unread_count=max(c.last_message_seq - (around.last_read_seq or 0), 0),
        following=around.following,
        queue_position=around.queue_position,
    )


async def present_one(
    session: AsyncSession, subject: Subject, conversation: Conversation
) -> schemas.Conversation:
    [one] = await present(session, subject, [conversation])
    return one
