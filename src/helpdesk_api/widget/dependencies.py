"""The widget's authentication: the contact token of a session, never a staff token."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from helpdesk_api.errors import NotAuthenticated
from helpdesk_api.kit.dependencies import SessionDep, SettingsDep
from helpdesk_api.kit.idempotency import IdempotencyKeyHeader, Idempotent, request_fingerprint
from helpdesk_api.widget.service import Visitor, widget_service

_contact_bearer = HTTPBearer(
    scheme_name="ContactToken",
    auto_error=False,
    description="The `contact_token` of POST /widget/{inbox_key}/sessions.",
)


async def current_visitor(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_contact_bearer)],
) -> Visitor:
    if credentials is None:
        raise NotAuthenticated("Send 'Authorization: Bearer <contact_token>'.")
    return await widget_service.authenticate(session, settings, credentials.credentials)


CurrentVisitor = Annotated[Visitor, Depends(current_visitor)]


async def contact_idempotency(
    request: Request, visitor: CurrentVisitor, session: SessionDep, key: IdempotencyKeyHeader = None
) -> Idempotent:
    return Idempotent(
        session, f"contact:{visitor.contact.id}", key, await request_fingerprint(request)
    )


ContactIdempotency = Annotated[Idempotent, Depends(contact_idempotency)]
