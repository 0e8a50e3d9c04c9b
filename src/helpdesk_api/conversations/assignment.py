"""Who handles a conversation: recording a change of handler (routing comes later)."""

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.conversations import timeline
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.conversations.snapshots import snapshot
from helpdesk_api.events import EventType
from helpdesk_api.models import Conversation


async def record(
    session: AsyncSession, conversation: Conversation, actor: Actor, *, kind: str = "assigned"
) -> None:
    """Timeline row ``kind`` (assigned, taken_over …) and a ``conversation.assigned`` event
    for the conversation's current handler."""
    await timeline.log(
        session,
        conversation,
        kind,
        actor,
        assignee_id=str(conversation.assignee_id) if conversation.assignee_id else None,
        team_id=str(conversation.team_id) if conversation.team_id else None,
    )
    events.record(
        session,
        conversation.account_id,
        EventType.conversation_assigned,
        {"conversation": snapshot(conversation)},
        conversation_id=conversation.id,
    )
