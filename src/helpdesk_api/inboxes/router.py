import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.inboxes import schemas
from helpdesk_api.inboxes.service import inbox_service
from helpdesk_api.kit.dependencies import PageDep, SessionDep
from helpdesk_api.kit.pagination import Page

router = APIRouter(prefix="/inboxes", tags=["inboxes"], responses=problem_responses(401))


@router.get("")
async def list_inboxes(
    subject: CurrentSubject,
    session: SessionDep,
    page: PageDep,
    active: Annotated[
        bool | None, Query(description="Only active or only deactivated inboxes.")
    ] = None,
) -> Page[schemas.Inbox]:
    """The account's inboxes, oldest first. Every role may list them; only owners and
    admins receive `hmac_secret`."""
    inboxes, cursor = await inbox_service.page(session, subject, page, active=active)
    return Page(items=inboxes, next_cursor=cursor)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(403, 422))
async def create_inbox(
    data: schemas.InboxCreate, subject: CurrentSubject, session: SessionDep
) -> schemas.Inbox:
    """Add an inbox (admin). Its widget key and HMAC secret are generated.

    A `default_team_id` that is not a team of this account answers 422.
    """
    return await inbox_service.create(session, subject, data)


@router.get("/{inbox_id}", responses=problem_responses(404))
async def get_inbox(
    inbox_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.Inbox:
    return await inbox_service.get(session, subject, inbox_id)


@router.patch("/{inbox_id}", responses=problem_responses(403, 404, 422))
async def update_inbox(
    inbox_id: uuid.UUID, data: schemas.InboxUpdate, subject: CurrentSubject, session: SessionDep
) -> schemas.Inbox:
    """Change an inbox (admin). The channel cannot change."""
    return await inbox_service.update(session, subject, inbox_id, data)


@router.delete("/{inbox_id}", responses=problem_responses(403, 404))
async def deactivate_inbox(
    inbox_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.Inbox:
    """Deactivate an inbox (admin). Inboxes are never deleted: conversations keep theirs.

    A soft delete: the inbox is still found, with ``is_active: false``, its widget key
    stops working, and deactivating again changes nothing (200). ``PATCH`` with
    ``is_active: true`` reactivates."""
    return await inbox_service.deactivate(session, subject, inbox_id)


@router.post("/{inbox_id}/rotate-secret", responses=problem_responses(403, 404))
async def rotate_inbox_secret(
    inbox_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.Inbox:
    """Replace the HMAC secret (admin); hashes made with the old secret stop verifying."""
    return await inbox_service.rotate_secret(session, subject, inbox_id)
