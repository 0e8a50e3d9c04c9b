"""Request authentication: ``CurrentSubject`` for any caller, narrower aliases for roles."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from helpdesk_api.auth import policies
from helpdesk_api.auth.service import auth_service
from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import NotAuthenticated
from helpdesk_api.kit.dependencies import SessionDep, SettingsDep
from helpdesk_api.kit.idempotency import IdempotencyKeyHeader, Idempotent, request_fingerprint
from helpdesk_api.models import User

_bearer = HTTPBearer(
    auto_error=False,
    description="An access token from /auth/login, or an API token (hdk_…).",
)


async def current_subject(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Subject:
    if credentials is None:
        raise NotAuthenticated("Send 'Authorization: Bearer <token>'.")
    return await auth_service.authenticate(session, settings, credentials.credentials)


CurrentSubject = Annotated[Subject, Depends(current_subject)]


async def current_user(subject: CurrentSubject) -> User:
    policies.require_user(subject)
    assert subject.user is not None
    return subject.user


CurrentUser = Annotated[User, Depends(current_user)]


async def staff_idempotency(
    request: Request, subject: CurrentSubject, session: SessionDep, key: IdempotencyKeyHeader = None
) -> Idempotent:
    principal = f"user:{subject.user.id}" if subject.user else f"token:{subject.api_token_id}"
    return Idempotent(session, principal, key, await request_fingerprint(request))


StaffIdempotency = Annotated[Idempotent, Depends(staff_idempotency)]
