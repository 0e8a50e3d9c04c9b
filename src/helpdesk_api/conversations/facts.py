"""Reporting facts, written in the same transaction as what they describe."""

import uuid
from datetime import datetime
from typing import Literal

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.models import Conversation, FactKind, ReportFact


async def record(
    session: AsyncSession,
    conversation: Conversation,
    kind: FactKind,
    at: datetime,
    *,
    since: datetime | None = None,
    user_id: uuid.UUID | Literal["handler"] | None = "handler",
    by_bot: bool | None = None,
    value: int | None = None,
) -> None:
    """One fact about ``conversation`` at ``at``; ``since`` gives its duration.

    ``user_id`` defaults to the conversation's handler, ``by_bot`` to whether the bot
    handles it.
    """
    await session.execute(
        insert(ReportFact).values(
            account_id=conversation.account_id,
            kind=kind.value,
            occurred_at=at,
            conversation_id=conversation.id,
            inbox_id=conversation.inbox_id,
            channel=conversation.channel,
            team_id=conversation.team_id,
            user_id=conversation.assignee_id if user_id == "handler" else user_id,
            by_bot=conversation.bot_active if by_bot is None else by_bot,
            duration_seconds=(at - since).total_seconds() if since else None,
            value=value,
        )
    )
