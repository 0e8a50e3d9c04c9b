"""Customer-side writes made through the service, as the widget or a channel would."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.db import session_scope
from helpdesk_api.messages.service import Sender, message_service
from helpdesk_api.models import Conversation, MessageKind, SenderType


async def customer_writes(
    sessionmaker: async_sessionmaker[AsyncSession], conversation_id: uuid.UUID, text: str
) -> int:
    """The conversation's contact sends ``text``; returns the message's seq."""
    async with session_scope(sessionmaker) as session:
        conversation = (
            await session.scalars(
                select(Conversation).where(Conversation.id == conversation_id).with_for_update()
            )
        ).one()
        sender = Sender(SenderType.contact, contact_id=conversation.contact_id)
        message = await message_service.post(session, conversation, sender, MessageKind.reply, text)
    return message.seq
