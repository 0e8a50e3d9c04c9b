import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.canned_responses import schemas
from helpdesk_api.canned_responses.service import canned_response_service
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SessionDep
from helpdesk_api.kit.pagination import Page

router = APIRouter(
    prefix="/canned-responses", tags=["canned-responses"], responses=problem_responses(401)
)


@router.get("")
async def list_canned_responses(
    subject: CurrentSubject,
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        str | None, Query(max_length=100, description="Shortcut prefix, ignoring case.")
    ] = None,
) -> Page[schemas.CannedResponse]:
    """The account's shared responses and the caller's personal ones, by shortcut."""
    found, cursor = await canned_response_service.page(session, subject, page, q=q)
    return Page(items=[schemas.CannedResponse.model_validate(r) for r in found], next_cursor=cursor)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(403, 409, 422))
async def create_canned_response(
    data: schemas.CannedResponseCreate, subject: CurrentSubject, session: SessionDep
) -> schemas.CannedResponse:
    """A personal response (any user), or a shared one (`shared: true`, admins only)."""
    response = await canned_response_service.create(session, subject, data)
    return schemas.CannedResponse.model_validate(response)


@router.get("/{response_id}", responses=problem_responses(404))
async def get_canned_response(
    response_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.CannedResponse:
    """A shared response, or one of the caller's personal ones (others' are 404)."""
    response = await canned_response_service.get(session, subject, response_id)
    return schemas.CannedResponse.model_validate(response)


@router.patch("/{response_id}", responses=problem_responses(403, 404, 409, 422))
async def update_canned_response(
    response_id: uuid.UUID,
    data: schemas.CannedResponseUpdate,
    subject: CurrentSubject,
    session: SessionDep,
) -> schemas.CannedResponse:
    """Change a personal response (its owner) or a shared one (admins)."""
    response = await canned_response_service.update(session, subject, response_id, data)
    return schemas.CannedResponse.model_validate(response)


@router.delete(
    "/{response_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 404),
)
async def delete_canned_response(
    response_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> None:
    """Delete a personal response (its owner) or a shared one (admins)."""
    await canned_response_service.delete(session, subject, response_id)


@router.post("/{response_id}/render", responses=problem_responses(404, 422))
async def render_canned_response(
    response_id: uuid.UUID,
    data: schemas.CannedResponseRender,
    subject: CurrentSubject,
    session: SessionDep,
) -> schemas.RenderedText:
    """The text with its variables filled in for a conversation.

    A conversation the caller cannot see (or of another account) answers 404, like the
    response itself. Unknown variables stay as written; missing values become empty.
    """
    text = await canned_response_service.render(session, subject, response_id, data.conversation_id)
    return schemas.RenderedText(text=text)
