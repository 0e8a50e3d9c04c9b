"""Who is in which team-chat channel: the one membership rule.

Only a channel's members read it, post in it or receive its events; to anyone else, of
any role, it does not exist. The REST endpoints and the realtime fan-out both ask here.
"""

import uuid
from collections.abc import Collection

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.models import TeamChatMember


def channel_ids_of(user_id: uuid.UUID | ColumnElement[uuid.UUID]) -> Select[uuid.UUID]:
    """The ids of the channels ``user_id`` is a member of, to use inside ``IN (...)``;
    ``user_id`` may be a bound parameter or a column of an outer query."""
    return select(TeamChatMember.channel_id).where(TeamChatMember.user_id == user_id)


async def members_of(
    session: AsyncSession, channel_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The member user ids of each channel (every channel asked for is a key; one nobody
    is in has an empty list), in the order they joined."""
    found: dict[uuid.UUID, list[uuid.UUID]] = {channel_id: [] for channel_id in channel_ids}
    if not found:
        return found
    rows = await session.execute(
        select(TeamChatMember.channel_id, TeamChatMember.user_id)
        .where(TeamChatMember.channel_id.in_(found))
        .order_by(TeamChatMember.joined_at, TeamChatMember.user_id)
    )
    for channel_id, user_id in rows:
        found[channel_id].append(user_id)
    return found
