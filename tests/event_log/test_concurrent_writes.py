"""Concurrent writes never deadlock, and their events are numbered without gaps."""

import asyncio
from collections.abc import Awaitable

import httpx
import pytest
from sqlalchemy import select

from helpdesk_api.models import Account, Event, Role
from tests.factories.desk import Desk
from tests.factories.messages import customer_writes
from tests.factories.staff import StaffFactory

WRITES = 200


async def _api_token(client: httpx.AsyncClient, desk: Desk) -> dict[str, str]:
    created = await client.post(
        "/api-tokens",
        headers=desk.tenant.admin.headers,
        json={"name": "load", "role": "admin"},
    )
    assert created.status_code == 201, created.text
    return {"Authorization": f"Bearer {created.json()['token']}"}


async def _assert_numbered_without_gaps(desk: Desk) -> list[str]:
    account_id = desk.tenant.account.id
    async with desk.sessionmaker() as session:
        rows = (
            await session.execute(
                select(Event.seq, Event.type).where(Event.account_id == account_id)
            )
        ).all()
        last = await session.scalar(select(Account.event_seq).where(Account.id == account_id))
    seqs = sorted(seq for seq, _ in rows)
    assert seqs == list(range(1, len(seqs) + 1))
    assert last == len(seqs)
    return [type_ for _, type_ in rows]


async def _all_succeed(requests: list[Awaitable[httpx.Response]]) -> None:
    responses = await asyncio.gather(*requests)
    failures = [(r.status_code, r.text[:200]) for r in responses if r.status_code >= 300]
    assert failures == []


@pytest.mark.parametrize("conversations", [1, 10], ids=["same", "different"])
async def test_one_api_token_writing_concurrently(
    client: httpx.AsyncClient, desk: Desk, conversations: int
) -> None:
    headers = await _api_token(client, desk)
    targets = [await desk.conversation() for _ in range(conversations)]
    contact = {"email": "buyer@example.com", "name": "Buyer"}

    def write(i: int) -> Awaitable[httpx.Response]:
        conversation = targets[i % conversations]
        if i % 5 == 4:  # a new conversation among the messages and edits
            body = {"inbox_id": str(desk.inbox.id), "contact": contact, "message": f"new {i}"}
            return client.post("/conversations", headers=headers, json=body)
        if i % 5 == 2:
            cc = {"participants": [{"email": f"cc{i}@example.com"}]}
            return client.put(
                f"/conversations/{conversation.id}/participants", headers=headers, json=cc
            )
        if i % 5 == 3:
            priority = {"priority": ["low", "high"][i % 2]}
            return client.patch(f"/conversations/{conversation.id}", headers=headers, json=priority)
        return client.post(
            f"/conversations/{conversation.id}/messages",
            headers=headers,
            json={"kind": "reply" if i % 2 else "note", "text": f"update {i}"},
        )

    await _all_succeed([write(i) for i in range(WRITES)])
    types = await _assert_numbered_without_gaps(desk)
    assert types.count("conversation.created") == WRITES // 5
    assert types.count("message.created") == WRITES * 2 // 5 + WRITES // 5


@pytest.mark.parametrize("conversations", [1, 10], ids=["same", "different"])
async def test_twenty_users_writing_and_reading_concurrently(
    client: httpx.AsyncClient, desk: Desk, staff_factory: StaffFactory, conversations: int
) -> None:
    account_id = desk.tenant.account.id
    users = [await staff_factory.user(account_id, Role.admin) for _ in range(20)]
    targets = [await desk.conversation() for _ in range(conversations)]

    def write(i: int) -> Awaitable[httpx.Response]:
        user, conversation = users[i % len(users)], targets[i % conversations]
        if i % 4 == 3:  # a read marker, moving or not, among the messages
            return client.post(f"/conversations/{conversation.id}/read", headers=user.headers)
        return client.post(
            f"/conversations/{conversation.id}/messages",
            headers=user.headers,
            json={"text": f"reply {i}"},
        )

    await _all_succeed([write(i) for i in range(WRITES)])
    types = await _assert_numbered_without_gaps(desk)
    assert types.count("message.created") == WRITES - WRITES // 4


async def test_a_read_marker_that_does_not_move_writes_no_event(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    headers = desk.tenant.admin.headers
    await customer_writes(desk.sessionmaker, conversation.id, "hello?")
    first = await client.post(f"/conversations/{conversation.id}/read", headers=headers)
    again = await client.post(f"/conversations/{conversation.id}/read", headers=headers)
    assert first.json() == again.json()
    assert first.json()["unread_count"] == 0
    types = await _assert_numbered_without_gaps(desk)
    assert types.count("conversation.read") == 1
