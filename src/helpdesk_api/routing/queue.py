"""A team's queue: open conversations without a handler, first come first served."""

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Integer, and_, case, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from helpdesk_api.models import Conversation, ConversationStatus

_OPEN = ConversationStatus.open.value


def waiting(c: type[Conversation] = Conversation) -> ColumnElement[bool]:
    """In its team's queue: snoozed ones keep their place but are not counted or routed."""
    return and_(c.queued_at.is_not(None), c.status == _OPEN, c.team_id.is_not(None))


def position_of() -> ColumnElement[int | None]:
    """The 1-based place of ``Conversation`` (the outer row) in its team's queue, or null;
    correlated, for use in a statement selecting from ``Conversation``."""
    ahead = aliased(Conversation)
    count = (
        select(func.count())
        .where(
            ahead.team_id == Conversation.team_id,
            waiting(ahead),
            tuple_(ahead.queued_at, ahead.id) <= tuple_(Conversation.queued_at, Conversation.id),
        )
        .correlate(Conversation)
        .scalar_subquery()
    )
    return case((waiting(Conversation), count), else_=None).cast(Integer)


async def positions(
    session: AsyncSession, conversation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int | None]:
    if not conversation_ids:
        return {}
    rows = await session.execute(
        select(Conversation.id, position_of()).where(Conversation.id.in_(conversation_ids))
    )
    return {row[0]: row[1] for row in rows}


async def position(session: AsyncSession, conversation_id: uuid.UUID) -> int | None:
    return (await positions(session, [conversation_id])).get(conversation_id)
