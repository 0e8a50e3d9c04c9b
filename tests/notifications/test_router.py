import asyncio
import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.db import session_scope
from helpdesk_api.notifications.service import notify
from tests.api_tokens.test_router import bearer, create_token
from tests.factories.desk import Desk
from tests.factories.staff import Staff, Tenant
from tests.test_errors import problem

Sessionmaker = async_sessionmaker[AsyncSession]


async def notified(sessionmaker: Sessionmaker, staff: Staff, *types: str, **fields: Any) -> None:
    """One notification for ``staff`` per type, each in a transaction of its own (so each
    is newer than the one before)."""
    for type in types:
        async with session_scope(sessionmaker) as session:
            await notify(session, staff.user.account_id, staff.id, type, **fields)


async def listed(client: httpx.AsyncClient, staff: Staff, **params: Any) -> dict[str, Any]:
    response = await client.get("/notifications", headers=staff.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def every(client: httpx.AsyncClient, staff: Staff, **params: Any) -> list[dict[str, Any]]:
    """All pages, two items at a time."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = await listed(
            client, staff, limit=2, **params, **({"cursor": cursor} if cursor else {})
        )
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def mark(client: httpx.AsyncClient, staff: Staff, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/notifications/read", headers=staff.headers, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_notifications_are_listed_newest_first_across_pages(
    client: httpx.AsyncClient, desk: Desk, sessionmaker: Sessionmaker
) -> None:
    tenant = desk.tenant
    conversation = await desk.conversation()
    await notified(
        sessionmaker,
        tenant.agent,
        "assigned",
        conversation_id=conversation.id,
        actor_user_id=tenant.admin.id,
        note="yours now",
    )
    await notified(sessionmaker, tenant.agent, "n1", "n2", "n3", "n4")
    items = await every(client, tenant.agent)
    assert [n["type"] for n in items] == ["n4", "n3", "n2", "n1", "assigned"]
    times = [datetime.fromisoformat(n["created_at"]) for n in items]
    assert times == sorted(times, reverse=True)
    first = items[-1]
    assert set(first) == {
        "id", "type", "conversation_id", "actor_user_id", "data", "created_at", "read_at"
    }  # fmt: skip
    assert (first["conversation_id"], first["actor_user_id"]) == (
        str(conversation.id),
        str(tenant.admin.id),
    )
    assert (first["data"], first["read_at"]) == ({"note": "yours now"}, None)
    page = await listed(client, tenant.agent, limit=2)
    assert (len(page["items"]), page["unread_count"]) == (2, 5)


async def test_nobody_is_notified_of_what_they_did(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    await notified(sessionmaker, tenant.agent, "assigned", actor_user_id=tenant.agent.id)
    assert await listed(client, tenant.agent) == {
        "items": [],
        "next_cursor": None,
        "unread_count": 0,
    }


async def test_unread_filter_and_count(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    await notified(sessionmaker, tenant.agent, "a", "b", "c", "d")
    b = next(n for n in (await listed(client, tenant.agent))["items"] if n["type"] == "b")
    assert await mark(client, tenant.agent, {"ids": [b["id"]]}) == {
        "marked": 1,
        "unread_count": 3,
    }
    assert [n["type"] for n in await every(client, tenant.agent, unread="true")] == [
        "d", "c", "a"
    ]  # fmt: skip
    [read] = await every(client, tenant.agent, unread="false")
    assert (read["type"], read["read_at"] is not None) == ("b", True)
    for params in ({}, {"unread": "true"}, {"unread": "false"}, {"limit": 1}):
        assert (await listed(client, tenant.agent, **params))["unread_count"] == 3


async def test_marking_by_ids_ignores_ids_that_are_not_the_callers(
    client: httpx.AsyncClient,
    tenant: Tenant,
    other_tenant: Tenant,
    sessionmaker: Sessionmaker,
) -> None:
    await notified(sessionmaker, tenant.agent, "mine-1", "mine-2")
    await notified(sessionmaker, tenant.admin, "colleague")
    await notified(sessionmaker, other_tenant.agent, "stranger")
    mine = (await listed(client, tenant.agent))["items"]
    colleague = (await listed(client, tenant.admin))["items"][0]["id"]
    stranger = (await listed(client, other_tenant.agent))["items"][0]["id"]
    body = {"ids": [mine[0]["id"], colleague, stranger, str(uuid.uuid4())]}
    assert await mark(client, tenant.agent, body) == {"marked": 1, "unread_count": 1}
    assert await mark(client, tenant.agent, body) == {"marked": 0, "unread_count": 1}
    assert await mark(client, tenant.agent, {"ids": []}) == {"marked": 0, "unread_count": 1}
    for staff in (tenant.admin, other_tenant.agent):
        page = await listed(client, staff)
        assert (page["unread_count"], page["items"][0]["read_at"]) == (1, None)


async def test_marking_all_marks_only_the_callers(
    client: httpx.AsyncClient,
    tenant: Tenant,
    other_tenant: Tenant,
    sessionmaker: Sessionmaker,
) -> None:
    await notified(sessionmaker, tenant.agent, "a", "b", "c")
    await notified(sessionmaker, tenant.admin, "colleague")
    await notified(sessionmaker, other_tenant.owner, "stranger")
    assert await mark(client, tenant.agent, {"all": True}) == {"marked": 3, "unread_count": 0}
    assert await mark(client, tenant.agent, {"all": True}) == {"marked": 0, "unread_count": 0}
    items = (await listed(client, tenant.agent))["items"]
    assert all(n["read_at"] is not None for n in items)
    assert len({n["read_at"] for n in items}) == 1
    for staff in (tenant.admin, other_tenant.owner):
        assert (await listed(client, staff))["unread_count"] == 1


async def test_marking_before_a_time_marks_those_created_until_then(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    await notified(sessionmaker, tenant.agent, "old-1", "old-2", "edge", "new-1", "new-2")
    await notified(sessionmaker, tenant.admin, "colleague")
    items = (await listed(client, tenant.agent))["items"]
    edge = next(n for n in items if n["type"] == "edge")
    result = await mark(client, tenant.agent, {"before": edge["created_at"]})
    assert result == {"marked": 3, "unread_count": 2}
    unread = (await listed(client, tenant.agent, unread="true"))["items"]
    assert [n["type"] for n in unread] == ["new-2", "new-1"]
    assert (await listed(client, tenant.admin))["unread_count"] == 1
    again = await mark(client, tenant.agent, {"before": edge["created_at"]})
    assert again == {"marked": 0, "unread_count": 2}


async def test_concurrent_marks_all_succeed_and_mark_each_once(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    await notified(sessionmaker, tenant.agent, *(f"n{i}" for i in range(12)))
    items = (await listed(client, tenant.agent))["items"]
    ids = [n["id"] for n in items]
    bodies: list[dict[str, Any]] = [
        {"all": True},
        {"ids": ids},
        {"ids": list(reversed(ids))},
        {"before": items[0]["created_at"]},
        {"ids": ids[::2]},
        {"all": True},
        {"ids": ids[1::2]},
        {"before": items[5]["created_at"]},
    ]
    responses = await asyncio.gather(
        *[
            client.post("/notifications/read", headers=tenant.agent.headers, json=body)
            for body in bodies
        ]
    )
    assert [r.status_code for r in responses] == [200] * len(bodies)
    assert sum(r.json()["marked"] for r in responses) == 12
    assert (await listed(client, tenant.agent))["unread_count"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"all": False},
        {"all": True, "ids": []},
        {"all": True, "before": "2026-01-01T00:00:00Z"},
        {"ids": [], "before": "2026-01-01T00:00:00Z"},
        {"before": "2026-01-01T00:00:00"},
        {"all": 1},
        {"ids": ["not-a-uuid"]},
        {"all": True, "unread": True},
    ],
)
async def test_mark_read_takes_exactly_one_form(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any]
) -> None:
    response = await client.post("/notifications/read", headers=tenant.agent.headers, json=body)
    problem(response, 422)


async def test_api_tokens_have_no_notifications(client: httpx.AsyncClient, tenant: Tenant) -> None:
    token = bearer((await create_token(client, tenant, role="admin"))["token"])
    listing = await client.get("/notifications", headers=token)
    marking = await client.post("/notifications/read", headers=token, json={"all": True})
    assert [problem(r, 403)["status"] for r in (listing, marking)] == [403, 403]


async def test_notifications_need_a_token(client: httpx.AsyncClient) -> None:
    listing = await client.get("/notifications")
    marking = await client.post("/notifications/read", json={"all": True})
    assert [problem(r, 401)["status"] for r in (listing, marking)] == [401, 401]
