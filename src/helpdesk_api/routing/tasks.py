"""Routing jobs, run by the arq worker (see worker.py)."""

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.conversations.actors import SYSTEM
from helpdesk_api.db import session_scope
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Conversation, ConversationStatus, Team, User
from helpdesk_api.resources import Resources
from helpdesk_api.routing import handler, service
from helpdesk_api.routing.handler import Change, Target

log = logging.getLogger(__name__)


async def drain(ctx: dict[str, Any], team_id: str) -> int:
    resources: Resources = ctx["resources"]
    return await service.drain(resources.sessionmaker, uuid.UUID(team_id))


async def release_user(ctx: dict[str, Any], user_id: str) -> int:
    resources: Resources = ctx["resources"]
    return await release(resources.sessionmaker, uuid.UUID(user_id))


async def reassign_stale(ctx: dict[str, Any]) -> int:
    resources: Resources = ctx["resources"]
    return await reassign_unanswered(resources.sessionmaker, utcnow())


async def release(sessionmaker: async_sessionmaker[AsyncSession], user_id: uuid.UUID) -> int:
    """A deactivated user's open conversations go back to their teams' routing."""
    async with session_scope(sessionmaker) as session:
        user = await session.get(User, user_id)
        if user is None or user.is_active:
            return 0
        ids = (
            await session.scalars(
                select(Conversation.id)
                .where(
                    Conversation.assignee_id == user_id,
                    Conversation.status.in_(handler.LOAD_STATUSES),
                )
                .order_by(Conversation.id)
            )
        ).all()

    def still_theirs(conversation: Conversation) -> bool:
        return conversation.assignee_id == user_id and conversation.status in handler.LOAD_STATUSES

    reason = f"{user.name} was deactivated"
    released = await _back_to_queue(
        sessionmaker, [(id, reason) for id in ids], still_theirs, Change.released
    )
    if released:
        log.info("released %d conversations of deactivated user %s", released, user_id)
    return released


async def reassign_unanswered(
    sessionmaker: async_sessionmaker[AsyncSession], now: datetime, *, limit: int = 500
) -> int:
    """Conversations whose assignee has not replied within their team's
    ``reassign_after_minutes`` go back to the queue; routing never gives them back to
    anyone who had them."""
    async with session_scope(sessionmaker) as session:
        teams = (
            await session.execute(
                select(Team.id, Team.reassign_after_minutes).where(
                    Team.reassign_after_minutes.is_not(None)
                )
            )
        ).all()
        due: list[tuple[uuid.UUID, int]] = []
        for team_id, minutes in teams:
            assert minutes is not None
            rows = await session.scalars(
                select(Conversation.id)
                .where(
                    Conversation.team_id == team_id,
                    Conversation.status == ConversationStatus.open.value,
                    Conversation.assignee_id.is_not(None),
                    Conversation.waiting_since.is_not(None),
                    Conversation.assigned_at < now - timedelta(minutes=minutes),
                    (Conversation.last_staff_message_at.is_(None))
                    | (Conversation.last_staff_message_at < Conversation.assigned_at),
                )
                .limit(limit)
            )
            due += [(id, minutes) for id in rows]
    minutes_of = dict(due)
    return await _back_to_queue(
        sessionmaker,
        [(id, f"no reply within {minutes} minutes") for id, minutes in due],
        lambda c: _still_unanswered(c, now, minutes_of[c.id]),
        Change.reassigned,
        skip_locked=True,
    )


async def _back_to_queue(
    sessionmaker: async_sessionmaker[AsyncSession],
    due: list[tuple[uuid.UUID, str]],
    still_due: Callable[[Conversation], bool],
    change: Change,
    *,
    skip_locked: bool = False,
) -> int:
    """Each conversation of ``due`` (id, reason) that is still due once locked goes back
    to its team's queue, one transaction each; returns how many did."""
    moved = 0
    for conversation_id, reason in due:
        async with session_scope(sessionmaker) as session:
            conversation = await session.scalar(
                select(Conversation)
                .where(Conversation.id == conversation_id)
                .with_for_update(skip_locked=skip_locked)
            )
            if conversation is None or not still_due(conversation):
                continue
            await handler.hand(session, conversation, Target(), SYSTEM, change, reason=reason)
            moved += 1
    return moved


def _still_unanswered(conversation: Conversation, now: datetime, minutes: int) -> bool:
    assigned_at = conversation.assigned_at
    return (
        conversation.status == ConversationStatus.open.value
        and conversation.assignee_id is not None
        and conversation.waiting_since is not None
        and assigned_at is not None
        and assigned_at < now - timedelta(minutes=minutes)
        and (
            conversation.last_staff_message_at is None
            or conversation.last_staff_message_at < assigned_at
        )
    )
