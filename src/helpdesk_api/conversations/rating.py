"""The customer's rating of a conversation (1 to 5 and an optional comment)."""

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.conversations import facts, snapshots, timeline
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Conversation, FactKind


async def rate(
    session: AsyncSession, conversation: Conversation, rating: int, comment: str | None
) -> None:
    """Record the contact's rating; rating again replaces it (each rating is a fact)."""
    now = utcnow()
    conversation.rating, conversation.rating_comment, conversation.rated_at = rating, comment, now
    conversation.updated_at = now
    await facts.record(session, conversation, FactKind.rated, now, value=rating)
    await timeline.log(
        session,
        conversation,
        "rated",
        Actor.contact(conversation.contact_id),
        rating=rating,
        comment=comment,
    )
    await session.flush()
    snapshots.record(
        session,
        EventType.conversation_updated,
        conversation,
        {"changed": ["rating"]},
        to_widget=True,
    )
