"""One request, one transaction — committed before the client hears of success."""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.factories.staff import Tenant

Message = MutableMapping[str, Any]


async def test_commit_happens_before_the_response_is_sent(app: FastAPI, tenant: Tenant) -> None:
    order: list[str] = []

    def committed(session: Session) -> None:
        order.append("commit")

    async def watch(
        scope: Message,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                order.append(f"response {message['status']}")
            await send(message)

        await app(scope, receive, sending)

    event.listen(Session, "after_commit", committed)
    try:
        transport = httpx.ASGITransport(app=watch)
        async with httpx.AsyncClient(transport=transport, base_url="http://t/api/v1") as client:
            response = await client.post(
                "/teams", headers=tenant.admin.headers, json={"name": "Ordered"}
            )
    finally:
        event.remove(Session, "after_commit", committed)
    assert response.status_code == 201
    assert order.index("commit") < order.index("response 201")
