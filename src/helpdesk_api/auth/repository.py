"""Queries behind authentication: users by e-mail or id, refresh-token families, API tokens."""

import uuid
from datetime import datetime

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.models import ApiToken, RefreshToken, User

# Built once: every request authenticates, and a statement SQLAlchemy builds and keys
# anew per request costs more than the query.
_ACTIVE_USER = select(User).where(
    User.id == bindparam("user_id"), User.account_id == bindparam("account_id"), User.is_active
)
_LIVE_API_TOKEN = select(ApiToken).where(
    ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None)
)


class AuthRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active_user_by_email(self, email: str) -> User | None:
        return await self.session.scalar(
            select(User).where(func.lower(User.email) == email.lower(), User.is_active)
        )

    async def active_user(self, user_id: uuid.UUID, account_id: uuid.UUID) -> User | None:
        return await self.session.scalar(
            _ACTIVE_USER, {"user_id": user_id, "account_id": account_id}
        )

    async def refresh_token_for_update(self, token_hash: bytes) -> RefreshToken | None:
        return await self.session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
        )

    async def revoke_family(self, family_id: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def revoke_user_tokens(self, user_id: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def revoke_api_tokens_created_by(self, user_id: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            update(ApiToken)
            .where(ApiToken.created_by_id == user_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def delete_expired_refresh_tokens(self, before: datetime) -> int:
        result = await self.session.execute(
            delete(RefreshToken).where(RefreshToken.expires_at < before)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def api_token_by_hash(self, token_hash: bytes) -> ApiToken | None:
        return await self.session.scalar(_LIVE_API_TOKEN, {"token_hash": token_hash})

    async def touch_api_token(
        self, token_id: uuid.UUID, at: datetime, *, stale_before: datetime
    ) -> None:
        """Record a use, unless a concurrent request already did within the interval."""
        await self.session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token_id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < stale_before),
            )
            .values(last_used_at=at)
            .execution_options(synchronize_session=False)
        )
