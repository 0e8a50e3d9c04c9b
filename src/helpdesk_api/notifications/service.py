"""In-app notifications: one row per user who should know, and its event.

A notification belongs to one person: only that user lists or marks it (an API token has
none). Marking read only ever sets ``read_at`` once, so every call is safe to repeat.
"""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, insert
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.models import Notification
from helpdesk_api.notifications import schemas
from helpdesk_api.notifications.repository import NotificationRepository


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


class NotificationService:
    async def page(
        self, session: AsyncSession, subject: Subject, params: PageParams, *, unread: bool | None
    ) -> schemas.NotificationPage:
        """The caller's notifications, newest first, with the count of all unread ones."""
        policies.require_user(subject)
        repository = NotificationRepository(session)
        rows, cursor = await repository.page(subject, params, unread=unread)
        return schemas.NotificationPage(
            items=[schemas.Notification.model_validate(row) for row in rows],
            next_cursor=cursor,
            unread_count=await repository.unread_count(subject),
        )

    async def mark_read(
        self, session: AsyncSession, subject: Subject, data: schemas.MarkRead
    ) -> schemas.MarkReadResult:
        """Mark the caller's notifications read: by id (others' ids and unknown ones are
        ignored), all of them, or all created up to ``before``."""
        policies.require_user(subject)
        which: ColumnElement[bool]
        if data.ids is not None:
            which = Notification.id.in_(data.ids)
        elif data.before is not None:
            which = Notification.created_at <= data.before
        else:
            which = Notification.id.is_not(None)
        repository = NotificationRepository(session)
        marked = await repository.mark_read(subject, which, utcnow())
        return schemas.MarkReadResult(
            marked=marked, unread_count=await repository.unread_count(subject)
        )


notification_service = NotificationService()
