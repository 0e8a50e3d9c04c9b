"""A team's queue: open conversations without a handler, first come first served."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, and_, bindparam, case, func, select, tuple_
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


def is_waiting(conversation: Conversation) -> bool:
    """:func:`waiting` for a loaded row: only these have a place to look up."""
    return (
        conversation.queued_at is not None
        and conversation.status == _OPEN
        and conversation.team_id is not None
    )


#: Places by conversation id, built once (the statement is the same for every call).
_POSITIONS = select(Conversation.id, position_of()).where(
    Conversation.id.in_(bindparam("ids", expanding=True))
)


async def positions(
    session: AsyncSession, conversation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int | None]:
    if not conversation_ids:
        return {}
    rows = await session.execute(_POSITIONS, {"ids": list(conversation_ids)})
    return {row[0]: row[1] for row in rows}


async def position(session: AsyncSession, conversation_id: uuid.UUID) -> int | None:
    return (await positions(session, [conversation_id])).get(conversation_id)


async def behind(
    session: AsyncSession,
    team_id: uuid.UUID,
    queued_at: datetime,
    conversation_id: uuid.UUID,
    *,
    limit: int,
) -> list[Conversation]:
    """The first ``limit`` conversations waiting in the team's queue behind a place, in order."""
    rows = await session.scalars(
        select(Conversation)
        .where(
            Conversation.team_id == team_id,
            waiting(),
            tuple_(Conversation.queued_at, Conversation.id) > tuple_(queued_at, conversation_id),
        )
        .order_by(Conversation.queued_at, Conversation.id)
        .limit(limit)
    )
    return list(rows)
