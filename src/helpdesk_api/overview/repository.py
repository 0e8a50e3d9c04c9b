"""The overview's figures in two statements, whatever the number of agents: one row per
active user, one per team, each aggregated in PostgreSQL."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.models import Conversation, ConversationStatus, Message, Team, TeamMember, User
from helpdesk_api.routing.handler import LOAD_STATUSES

OPEN = ConversationStatus.open.value
IS_OPEN = Conversation.status == OPEN
#: The customer waits for a reply.
WAITING = Conversation.waiting_since.is_not(None)
#: Waiting, and nobody has answered since it was (re)opened.
UNANSWERED = WAITING & Conversation.first_response_pending


class OverviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def agent_loads(self, account_id: uuid.UUID) -> Sequence[Row[Any]]:
        """Active users by name, each with the load of their assigned open conversations
        (one GROUP BY), their last message (from ``ix_message_sender_user``) and teams."""
        load = (
            select(
                Conversation.assignee_id.label("user_id"),
                func.count().filter(IS_OPEN).label("open"),
                func.count().filter(IS_OPEN & WAITING).label("waiting"),
                func.count().filter(IS_OPEN & UNANSWERED).label("unanswered"),
                func.count().filter(~IS_OPEN).label("snoozed"),
                func.min(Conversation.waiting_since).filter(IS_OPEN).label("oldest_waiting_since"),
            )
            .where(
                Conversation.account_id == account_id,
                Conversation.status.in_(LOAD_STATUSES),
                Conversation.assignee_id.is_not(None),
            )
            .group_by(Conversation.assignee_id)
            .subquery("load")
        )
        last_message = (
            select(func.max(Message.created_at))
            .where(Message.sender_user_id == User.id)
            .scalar_subquery()
        )
        team_ids = (
            select(func.array_agg(aggregate_order_by(TeamMember.team_id, TeamMember.team_id)))
            .where(TeamMember.user_id == User.id)
            .scalar_subquery()
        )
        statement = (
            select(
                User.id,
                User.name,
                User.role,
                User.availability,
                User.max_concurrent,
                func.coalesce(load.c.open, 0).label("open"),
                func.coalesce(load.c.waiting, 0).label("waiting"),
                func.coalesce(load.c.unanswered, 0).label("unanswered"),
                func.coalesce(load.c.snoozed, 0).label("snoozed"),
                load.c.oldest_waiting_since,
                last_message.label("last_activity_at"),
                team_ids.label("team_ids"),
            )
            .outerjoin(load, load.c.user_id == User.id)
            .where(User.account_id == account_id, User.is_active)
            .order_by(func.lower(User.name), User.id)
        )
        return (await self.session.execute(statement)).all()

    async def team_queues(self, account_id: uuid.UUID) -> Sequence[Row[Any]]:
        """Teams by name, each with its queue of open conversations (``ix_conversation_queue``)."""
        queue = (
            select(
                Conversation.team_id,
                func.count().label("queued"),
                func.min(Conversation.queued_at).label("oldest_queued_at"),
            )
            .where(
                Conversation.account_id == account_id,
                Conversation.status == OPEN,
                Conversation.queued_at.is_not(None),
            )
            .group_by(Conversation.team_id)
            .subquery("queue")
        )
        statement = (
            select(
                Team.id,
                Team.name,
                Team.routing_mode,
                func.coalesce(queue.c.queued, 0).label("queued"),
                queue.c.oldest_queued_at,
            )
            .outerjoin(queue, queue.c.team_id == Team.id)
            .where(Team.account_id == account_id)
            .order_by(func.lower(Team.name), Team.id)
        )
        return (await self.session.execute(statement)).all()
