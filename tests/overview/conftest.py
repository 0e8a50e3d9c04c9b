import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Conversation, Message, MessageKind, SenderType

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


async def wrote(
    sessionmaker: async_sessionmaker[AsyncSession],
    conversation: Conversation,
    when: datetime,
    *,
    user_id: uuid.UUID | None = None,
    kind: MessageKind = MessageKind.reply,
) -> None:
    """A message at the end of ``conversation`` written at ``when``, by the user or else by
    the conversation's contact."""
    async with sessionmaker() as session:
        seq = await session.scalar(
            update(Conversation)
            .where(Conversation.id == conversation.id)
            .values(last_message_seq=Conversation.last_message_seq + 1)
            .returning(Conversation.last_message_seq)
        )
        session.add(
            Message(
                account_id=conversation.account_id,
                conversation_id=conversation.id,
                seq=seq,
                kind=kind.value,
                sender_type=(SenderType.user if user_id else SenderType.contact).value,
                sender_user_id=user_id,
                sender_contact_id=None if user_id else conversation.contact_id,
                text="hello",
                extra={},
                created_at=when,
            )
        )
        await session.commit()
