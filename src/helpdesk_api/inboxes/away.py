"""The away message: what a customer who writes outside working hours is told.

An inbox is away while its own working hours or those of the conversation's team are
closed. A customer's message then gets the inbox's away message, once per conversation per
closed stretch: an ``away_replied_at`` before the stretch began means it has not been sent
in this one. Channels call :func:`reply_if_away` right after posting a customer's message.
"""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.messages.schemas import Message
from helpdesk_api.messages.service import Sender, message_service
from helpdesk_api.models import Conversation, Inbox, MessageKind, SenderType, Team
from helpdesk_api.schedules.hours import closed_since


async def reply_if_away(
    session: AsyncSession, conversation: Conversation, now: datetime
) -> Message | None:
    """Post the inbox's away message (kind ``system``, seen by the customer) when it is due
    at ``now``; the caller has locked the conversation. None when nothing was sent."""
    inbox = await session.get(Inbox, conversation.inbox_id)
    if inbox is None or not inbox.away_message.strip():
        return None
    team = await session.get(Team, conversation.team_id) if conversation.team_id else None
    since = closed_since([inbox.working_hours, team.working_hours if team else None], now)
    if since is None:
        return None
    replied = conversation.away_replied_at
    if replied is not None and replied >= since:
        return None
    conversation.away_replied_at = now
    return await message_service.post(
        session, conversation, Sender(SenderType.system), MessageKind.system, inbox.away_message
    )
