"""``Idempotency-Key``: a retried write gets the first outcome instead of acting twice.

The key is claimed with ``INSERT … ON CONFLICT DO NOTHING`` in the request's own
transaction. A concurrent request with the same key waits on that row until the first
commits, then finds the stored outcome; if the first rolls back, the waiter proceeds as
if it were first. Only successful outcomes are kept, for at least ``KEEP_FOR``.
"""

import hashlib
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.errors import FieldError, InvalidRequest
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import IdempotencyKey

KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class IdempotencyKeyReused(InvalidRequest):
    slug, title = "idempotency-key-reused", "Idempotency-Key reused with another request"


async def once(
    session: AsyncSession,
    principal: str,
    key: str | None,
    request_hash: bytes,
    operation: Callable[[], Awaitable[tuple[int, Any]]],
) -> tuple[int, Any]:
    """Run ``operation`` (returning status and JSON body) at most once per key."""
    if key is None:
        return await operation()
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise InvalidRequest(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.",
            errors=[FieldError(loc=["header", "Idempotency-Key"], msg="length", type="value")],
        )
    claimed = await session.scalar(
        insert(IdempotencyKey)
        .values(principal=principal, key=key, request_hash=request_hash)
        .on_conflict_do_nothing()
        .returning(IdempotencyKey.key)
    )
    if claimed is None:
        return await _replay(session, principal, key, request_hash)
    status, body = await operation()
    await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.principal == principal, IdempotencyKey.key == key)
        .values(status_code=status, response=body)
    )
    return status, body


async def _replay(
    session: AsyncSession, principal: str, key: str, request_hash: bytes
) -> tuple[int, Any]:
    stored = (
        await session.execute(
            select(
                IdempotencyKey.request_hash, IdempotencyKey.status_code, IdempotencyKey.response
            ).where(IdempotencyKey.principal == principal, IdempotencyKey.key == key)
        )
    ).one()
    if stored.request_hash != request_hash:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used for a different request; use a new key."
        )
    assert stored.status_code is not None, "a committed key always has its outcome"
    return stored.status_code, stored.response


async def purge_expired(session: AsyncSession) -> int:
    result = await session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEEP_FOR)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


class Idempotent:
    """A request's idempotency context, handed to routers by a dependency."""

    def __init__(
        self, session: AsyncSession, principal: str, key: str | None, request_hash: bytes
    ) -> None:
        self.session = session
        self.principal = principal
        self.key = key
        self.request_hash = request_hash

    async def respond(
        self, operation: Callable[[], Awaitable[BaseModel]], status_code: int = 201
    ) -> JSONResponse:
        async def run() -> tuple[int, Any]:
            return status_code, (await operation()).model_dump(mode="json")

        status, body = await once(self.session, self.principal, self.key, self.request_hash, run)
        return JSONResponse(body, status_code=status)


async def request_fingerprint(request: Request) -> bytes:
    """The method, path and exact body bytes: a retry sends the same bytes."""
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode())
    digest.update(await request.body())
    return digest.digest()


IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        description="Retry-safe: the same key and body within 24 h return the first outcome.",
    ),
]
