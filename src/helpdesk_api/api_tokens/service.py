"""API tokens: long-lived credentials for integrations, hashed at rest and shown once."""

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.api_tokens.repository import ApiTokenRepository
from helpdesk_api.api_tokens.schemas import ApiTokenCreate
from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.auth.tokens import API_TOKEN_PREFIX, new_opaque_token
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.models import ApiToken

DISPLAY_PREFIX_LENGTH = 10


class ApiTokenService:
    async def page(
        self, session: AsyncSession, subject: Subject, params: PageParams, *, include_revoked: bool
    ) -> tuple[list[ApiToken], str | None]:
        policies.require_admin(subject)
        return await ApiTokenRepository(session).page(
            subject, params, include_revoked=include_revoked
        )

    async def create(
        self, session: AsyncSession, subject: Subject, data: ApiTokenCreate
    ) -> tuple[ApiToken, str]:
        """The new token and its secret, which is not stored and cannot be shown again.

        Only people make tokens: a leaked token cannot mint more of itself.
        """
        policies.require_admin(subject)
        policies.require_user(subject)
        plain, digest = new_opaque_token(API_TOKEN_PREFIX)
        expires_at = (
            utcnow() + timedelta(days=data.expires_in_days) if data.expires_in_days else None
        )
        token = ApiToken(
            account_id=subject.account_id,
            name=data.name,
            role=data.role.value,
            token_hash=digest,
            prefix=plain[:DISPLAY_PREFIX_LENGTH],
            created_by_id=subject.user_id,
            expires_at=expires_at,
        )
        session.add(token)
        await session.flush()
        await session.refresh(token)
        return token, plain

    async def revoke(self, session: AsyncSession, subject: Subject, token_id: uuid.UUID) -> None:
        policies.require_admin(subject)
        token = await ApiTokenRepository(session).get(subject, token_id, for_update=True)
        if token.revoked_at is None:
            token.revoked_at = utcnow()
        await session.flush()


api_token_service = ApiTokenService()
