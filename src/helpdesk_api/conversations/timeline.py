"""The conversation timeline: state changes as rows (created, status_changed, labelled …)."""

import uuid
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.models import Conversation, ConversationEvent


async def log(
    session: AsyncSession, conversation: Conversation, type: str, actor: Actor, **data: Any
) -> None:
    await session.execute(
        insert(ConversationEvent).values(
            id=uuid.uuid4(),
            account_id=conversation.account_id,
            conversation_id=conversation.id,
            type=type,
            actor_type=actor.type,
            actor_user_id=actor.user_id,
            actor_contact_id=actor.contact_id,
            data=data,
            # Statement time, not the transaction's now(): one request's rows keep their order.
            created_at=utcnow(),
        )
    )


async def page(
    session: AsyncSession, subject: Subject, conversation: Conversation, params: PageParams
) -> tuple[list[ConversationEvent], str | None]:
    statement = select(ConversationEvent).where(
        ConversationEvent.account_id == subject.account_id,
        ConversationEvent.conversation_id == conversation.id,
    )
    keys = [ConversationEvent.created_at, ConversationEvent.id]
    return await paginate(session, statement, keys, params)
