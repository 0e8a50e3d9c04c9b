"""Signup, login, refresh-token rotation, logout, and turning a bearer token into a Subject."""

import uuid
from datetime import timedelta

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import db
from helpdesk_api.accounts.service import account_service
from helpdesk_api.auth import ratelimit
from helpdesk_api.auth.passwords import hash_password, needs_rehash, verify_password
from helpdesk_api.auth.repository import AuthRepository
from helpdesk_api.auth.schemas import LoginRequest, SignupRequest, TokenPair
from helpdesk_api.auth.subject import Subject
from helpdesk_api.auth.tokens import (
    API_TOKEN_PREFIX,
    create_access_token,
    decode_access_token,
    hash_token,
    new_opaque_token,
)
from helpdesk_api.errors import NotAuthenticated, PermissionDenied
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import RefreshToken, User
from helpdesk_api.settings import Settings

API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


class RefreshTokenReused(NotAuthenticated):
    """A rotated refresh token came back: its family is revoked, and that revocation stands."""

    keeps_changes = True


class SignupDisabled(PermissionDenied):
    slug, title = "signup-disabled", "Signup is disabled"


class AuthService:
    async def signup(
        self, session: AsyncSession, settings: Settings, data: SignupRequest
    ) -> TokenPair:
        if not settings.signup_enabled:
            raise SignupDisabled("This server does not accept new accounts.")
        owner = await account_service.create(
            session,
            data.account_name,
            owner_name=data.name,
            email=data.email,
            password=data.password,
        )
        return await self._issue(session, settings, owner, family_id=uuid.uuid4())

    async def login(
        self,
        session: AsyncSession,
        redis: Redis,
        settings: Settings,
        data: LoginRequest,
        client_ip: str,
    ) -> TokenPair:
        """Rate limited before the password is even checked, in three ways.

        Per (e-mail, client IP) and per client IP, attempts count; per e-mail alone, only
        failures count, against a higher ceiling. Guessing from one address cannot lock the
        real user out from theirs, and spreading guesses over many addresses stops at the
        ceiling.
        """
        prefix, window, email = settings.redis_prefix, settings.login_window_seconds, data.email
        pair_key = f"{prefix}login:pair:{email.lower()}:{client_ip}"
        failures_key = f"{prefix}login:failures:{email.lower()}"
        await ratelimit.count_attempt(
            redis, pair_key, settings.login_max_attempts_per_email, window
        )
        await ratelimit.count_attempt(
            redis, f"{prefix}login:ip:{client_ip}", settings.login_max_attempts_per_ip, window
        )
        await ratelimit.refuse_over(redis, failures_key, settings.login_max_failures_per_email)
        user = await AuthRepository(session).active_user_by_email(data.email)
        if not verify_password(user.password_hash if user else None, data.password):
            await ratelimit.add(redis, failures_key, window)
            raise NotAuthenticated("Wrong e-mail or password.")
        assert user is not None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(data.password)
        await ratelimit.reset(redis, pair_key)
        return await self._issue(session, settings, user, family_id=uuid.uuid4())

    async def refresh(self, session: AsyncSession, settings: Settings, plain: str) -> TokenPair:
        """Rotate: the presented token is spent and a new one of the same family issued."""
        repository = AuthRepository(session)
        token = await repository.refresh_token_for_update(hash_token(plain))
        now = utcnow()
        if token is None or token.revoked_at is not None or token.expires_at <= now:
            raise NotAuthenticated("The refresh token is invalid or expired.")
        if token.rotated_at is not None:
            await repository.revoke_family(token.family_id, now)
            raise RefreshTokenReused("The refresh token was already used; please log in again.")
        user = await session.get(User, token.user_id)
        if user is None or not user.is_active:
            raise NotAuthenticated("The refresh token is invalid or expired.")
        token.rotated_at = now
        return await self._issue(session, settings, user, family_id=token.family_id)

    async def logout(self, session: AsyncSession, plain: str) -> None:
        """Revoke the login session the token belongs to. Unknown tokens are ignored."""
        repository = AuthRepository(session)
        token = await repository.refresh_token_for_update(hash_token(plain))
        if token is not None:
            await repository.revoke_family(token.family_id, utcnow())

    async def authenticate(self, session: AsyncSession, settings: Settings, bearer: str) -> Subject:
        repository = AuthRepository(session)
        if bearer.startswith(API_TOKEN_PREFIX):
            api_token = await repository.api_token_by_hash(hash_token(bearer))
            now = utcnow()
            if api_token is None or (api_token.expires_at and api_token.expires_at <= now):
                raise NotAuthenticated("The API token is invalid, revoked or expired.")
            if api_token.last_used_at is None or (
                now - api_token.last_used_at > API_TOKEN_TOUCH_INTERVAL
            ):
                token_id = api_token.id
                db.afterwards(
                    session,
                    lambda later: AuthRepository(later).touch_api_token(
                        token_id, now, stale_before=now - API_TOKEN_TOUCH_INTERVAL
                    ),
                )
            return Subject.of_api_token(api_token)
        claims = decode_access_token(settings.signing_key(), bearer)
        user = claims and await repository.active_user(claims.user_id, claims.account_id)
        if not user:
            raise NotAuthenticated("The access token is invalid or expired.")
        return Subject.of_user(user)

    async def _issue(
        self, session: AsyncSession, settings: Settings, user: User, family_id: uuid.UUID
    ) -> TokenPair:
        plain, digest = new_opaque_token()
        session.add(
            RefreshToken(
                user_id=user.id,
                family_id=family_id,
                token_hash=digest,
                expires_at=utcnow() + timedelta(days=settings.refresh_token_ttl_days),
            )
        )
        await session.flush()
        ttl = settings.access_token_ttl_seconds
        return TokenPair(
            access_token=create_access_token(settings.signing_key(), user.id, user.account_id, ttl),
            refresh_token=plain,
            expires_in=ttl,
        )


auth_service = AuthService()
