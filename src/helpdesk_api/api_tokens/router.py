import uuid

from fastapi import APIRouter, status

from helpdesk_api.api_tokens import schemas
from helpdesk_api.api_tokens.service import api_token_service
from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SessionDep
from helpdesk_api.kit.pagination import Page

router = APIRouter(prefix="/api-tokens", tags=["api-tokens"], responses=problem_responses(401, 403))


@router.get("")
async def list_api_tokens(
    subject: CurrentSubject, session: SessionDep, page: PageDep, include_revoked: bool = False
) -> Page[schemas.ApiToken]:
    """Integration tokens of the account, newest first (admin). Secrets are never listed."""
    tokens, cursor = await api_token_service.page(
        session, subject, page, include_revoked=include_revoked
    )
    return Page(items=[schemas.ApiToken.model_validate(t) for t in tokens], next_cursor=cursor)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(422))
async def create_api_token(
    data: schemas.ApiTokenCreate, subject: CurrentSubject, session: SessionDep
) -> schemas.ApiTokenCreated:
    """Create a token for an integration (admin). The secret is in this response only."""
    token, secret = await api_token_service.create(session, subject, data)
    return schemas.ApiTokenCreated.model_validate({**_fields(token), "token": secret})


@router.delete(
    "/{token_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
async def revoke_api_token(
    token_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> None:
    """Revoke a token: it stops working at once.

    A soft delete: the token is still listed with ``include_revoked=true``, with its
    ``revoked_at``, and revoking it again changes nothing (204)."""
    await api_token_service.revoke(session, subject, token_id)


def _fields(token: object) -> dict[str, object]:
    return schemas.ApiToken.model_validate(token).model_dump()
