import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from helpdesk_api.auth.dependencies import CurrentSubject, CurrentUser
from helpdesk_api.conversations.handling import handling_service
from helpdesk_api.conversations.schemas import Conversation, HandoverRequest, HandoverResult
from helpdesk_api.conversations.service import conversation_service
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SessionDep
from helpdesk_api.kit.pagination import Page
from helpdesk_api.models import ConversationStatus, Role
from helpdesk_api.users import schemas
from helpdesk_api.users.service import user_service

me_router = APIRouter(prefix="/me", tags=["me"], responses=problem_responses(401, 403))
router = APIRouter(prefix="/users", tags=["users"], responses=problem_responses(401))


@me_router.get("")
async def get_me(user: CurrentUser) -> schemas.Me:
    """The calling user's profile, availability and notification preferences."""
    return schemas.Me.model_validate(user)


@me_router.patch("", responses=problem_responses(422))
async def update_me(
    data: schemas.MeUpdate, subject: CurrentSubject, session: SessionDep
) -> schemas.Me:
    """Change name, availability, notification preferences or password."""
    return schemas.Me.model_validate(await user_service.update_me(session, subject, data))


@router.get("")
async def list_users(
    subject: CurrentSubject,
    session: SessionDep,
    page: PageDep,
    active: Annotated[bool | None, Query(description="Only active or deactivated users.")] = None,
    role: Role | None = None,
) -> Page[schemas.User]:
    """Staff of the account. Every role may list colleagues."""
    users, cursor = await user_service.page(session, subject, page, active=active, role=role)
    return Page(items=[schemas.User.model_validate(u) for u in users], next_cursor=cursor)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(403, 409, 422))
async def create_user(
    data: schemas.UserCreate, subject: CurrentSubject, session: SessionDep
) -> schemas.User:
    """Add a staff member (admin)."""
    return schemas.User.model_validate(await user_service.create(session, subject, data))


@router.get("/{user_id}", responses=problem_responses(404))
async def get_user(
    user_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.User:
    return schemas.User.model_validate(await user_service.get(session, subject, user_id))


@router.get("/{user_id}/conversations", responses=problem_responses(403, 404))
async def list_user_conversations(
    user_id: uuid.UUID,
    subject: CurrentSubject,
    session: SessionDep,
    page: PageDep,
    status: Annotated[list[ConversationStatus] | None, Query()] = None,
) -> Page[Conversation]:
    """The conversations assigned to this user, most recent activity first (admin)."""
    items, cursor = await conversation_service.page_of_user(
        session, subject, user_id, status or [], page
    )
    return Page(items=items, next_cursor=cursor)


@router.post("/{user_id}/handover", responses=problem_responses(403, 404, 409, 422))
async def hand_over_conversations(
    user_id: uuid.UUID,
    data: HandoverRequest,
    subject: CurrentSubject,
    session: SessionDep,
) -> HandoverResult:
    """Move all of a user's open conversations to a colleague or a team (admin): given
    within capacity, the rest queued; answers what happened to each."""
    return await handling_service.handover(session, subject, user_id, data)


@router.patch("/{user_id}", responses=problem_responses(403, 404, 422))
async def update_user(
    user_id: uuid.UUID, data: schemas.UserUpdate, subject: CurrentSubject, session: SessionDep
) -> schemas.User:
    """Change a user's name, role, capacity or availability (admin).

    ``role: owner`` hands ownership to this user (owner only); the old owner becomes admin.
    """
    user = await user_service.update(session, subject, user_id, data)
    return schemas.User.model_validate(user)


@router.delete("/{user_id}", responses=problem_responses(403, 404, 422))
async def deactivate_user(
    user_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.User:
    """Deactivate a user (admin): they can no longer log in; their history stays.

    A soft delete: the user is still found, with ``is_active: false``, and deactivating
    again changes nothing (200). ``PATCH`` with ``is_active: true`` reactivates."""
    return schemas.User.model_validate(await user_service.deactivate(session, subject, user_id))
