"""In-app notifications: one row per user who should know, and its event."""

import uuid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Notification


async def notify(
    session: AsyncSession,
    account_id: uuid.UUID,
    user_id: uuid.UUID,
    type: str,
    *,
    conversation_id: uuid.UUID | None = None,
    actor_user_id: uuid.UUID | None = None,
    **data: Any,
) -> None:
    """Tell ``user_id`` about something; nobody is told of what they did themselves."""
    if actor_user_id == user_id:
        return
    notification_id, now = uuid.uuid4(), utcnow()
    await session.execute(
        insert(Notification).values(
            id=notification_id,
            account_id=account_id,
            user_id=user_id,
            type=type,
            conversation_id=conversation_id,
            actor_user_id=actor_user_id,
            data=data,
            created_at=now,
        )
    )
    events.record(
        session,
        account_id,
        EventType.notification_created,
        {
            "notification": {
                "id": str(notification_id),
                "type": type,
                "conversation_id": str(conversation_id) if conversation_id else None,
                "actor_user_id": str(actor_user_id) if actor_user_id else None,
                "data": data,
                "created_at": now.isoformat(),
                "read_at": None,
            }
        },
        user_id=user_id,
    )
