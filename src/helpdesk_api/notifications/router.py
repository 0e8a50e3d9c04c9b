from typing import Annotated

from fastapi import APIRouter, Query

from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SessionDep
from helpdesk_api.notifications import schemas
from helpdesk_api.notifications.service import notification_service

router = APIRouter(
    prefix="/notifications", tags=["notifications"], responses=problem_responses(401, 403)
)


@router.get("")
async def list_notifications(
    subject: CurrentSubject,
    session: SessionDep,
    page: PageDep,
    unread: Annotated[
        bool | None, Query(description="true: only unread ones; false: only read ones.")
    ] = None,
) -> schemas.NotificationPage:
    """The caller's in-app notifications, newest first, and how many are unread.

    A user's own only; an API token has no notifications (403)."""
    return await notification_service.page(session, subject, page, unread=unread)


@router.post("/read")
async def mark_notifications_read(
    data: schemas.MarkRead, subject: CurrentSubject, session: SessionDep
) -> schemas.MarkReadResult:
    """Mark the caller's notifications read: `{"ids": [...]}`, `{"all": true}` or
    `{"before": "<date-time>"}`, exactly one. Repeating a call marks nothing more."""
    return await notification_service.mark_read(session, subject, data)
