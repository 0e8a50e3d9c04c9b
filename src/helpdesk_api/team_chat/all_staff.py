"""The all-staff channel: one per account, with every active user of it and nobody else.

Membership follows the user's life: joined when created (account signup included) or
reactivated, left when deactivated. Nobody joins or leaves it by hand.
"""

import uuid

from sqlalchemy import ColumnElement, Uuid, delete, literal, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.models import TeamChatChannel, TeamChatKind, TeamChatMember, User

NAME = "All staff"


async def open_channel(session: AsyncSession, account_id: uuid.UUID) -> None:
    """Make sure the account has its all-staff channel; safe to repeat and to race."""
    await session.execute(
        insert(TeamChatChannel)
        .values(
            id=uuid.uuid4(), account_id=account_id, kind=TeamChatKind.all_staff.value, name=NAME
        )
        .on_conflict_do_nothing(
            index_elements=[TeamChatChannel.account_id],
            index_where=text("kind = 'all_staff'"),
        )
    )


async def join(session: AsyncSession, user: User) -> None:
    """Put ``user`` in their account's all-staff channel (opened if need be), having read
    what was said before; nothing changes for a member."""
    await open_channel(session, user.account_id)
    await session.execute(
        insert(TeamChatMember)
        .from_select(
            ["channel_id", "user_id", "last_read_seq"],
            select(
                TeamChatChannel.id, literal(user.id, Uuid), TeamChatChannel.last_message_seq
            ).where(_all_staff_of(user.account_id)),
        )
        .on_conflict_do_nothing()
    )


async def leave(session: AsyncSession, user: User) -> None:
    await session.execute(
        delete(TeamChatMember).where(
            TeamChatMember.user_id == user.id,
            TeamChatMember.channel_id.in_(
                select(TeamChatChannel.id).where(_all_staff_of(user.account_id))
            ),
        )
    )


def _all_staff_of(account_id: uuid.UUID) -> ColumnElement[bool]:
    return (TeamChatChannel.account_id == account_id) & (
        TeamChatChannel.kind == TeamChatKind.all_staff.value
    )
