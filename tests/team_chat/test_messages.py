"""Messages: numbered per channel, paged both ways, read markers that only move forward,
mentions that notify, and one event per message for the realtime layer."""

import asyncio
import uuid
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Event, Notification, User
from tests.factories import team_chat as chat
from tests.factories.staff import StaffFactory, Tenant

Sessionmaker = async_sessionmaker[AsyncSession]


async def messages(
    client: httpx.AsyncClient, tenant: Tenant, channel_id: str, **params: Any
) -> dict[str, Any]:
    url = f"/team-chat/channels/{channel_id}/messages"
    response = await client.get(url, headers=tenant.owner.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def every_seq(
    client: httpx.AsyncClient, tenant: Tenant, channel_id: str, **params: Any
) -> list[int]:
    """The seqs of all pages, three messages at a time."""
    seqs: list[int] = []
    cursor = None
    while True:
        extra = {"cursor": cursor} if cursor else {}
        page = await messages(client, tenant, channel_id, limit=3, **params, **extra)
        seqs += [m["seq"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seqs


async def test_a_message_is_numbered_and_read_by_its_author(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    pair = await chat.direct(client, tenant.agent, tenant.admin)
    first = await chat.post(client, tenant.agent, pair["id"], "  Can you take #42?  ")
    assert set(first) == {
        "id", "channel_id", "seq", "author_user_id", "text", "mentions", "created_at"
    }  # fmt: skip
    assert (first["channel_id"], first["seq"], first["text"], first["mentions"]) == (
        pair["id"],
        1,
        "  Can you take #42?  ",
        [],
    )
    assert first["author_user_id"] == str(tenant.agent.id)
    second = await chat.post(client, tenant.admin, pair["id"], "Yes")
    assert second["seq"] == 2
    mine = await chat.channel(client, tenant.agent, pair["id"])
    theirs = await chat.channel(client, tenant.admin, pair["id"])
    assert (mine["last_read_seq"], mine["unread_count"]) == (1, 1)
    assert (theirs["last_read_seq"], theirs["unread_count"]) == (2, 0)
    assert mine["last_message"] == {
        "id": second["id"],
        "seq": 2,
        "author_user_id": str(tenant.admin.id),
        "text": "Yes",
        "created_at": second["created_at"],
    }


async def test_a_long_message_is_previewed(client: httpx.AsyncClient, tenant: Tenant) -> None:
    everyone = await chat.all_staff(client, tenant.agent)
    text = "é" * 10_000
    assert (await chat.post(client, tenant.agent, everyone["id"], text))["text"] == text
    preview = (await chat.all_staff(client, tenant.admin))["last_message"]["text"]
    assert preview == "é" * 200


async def test_concurrent_posts_are_numbered_without_gaps(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    everyone = (await chat.all_staff(client, tenant.agent))["id"]
    authors = [tenant.owner, tenant.admin, tenant.agent] * 7
    posted = await asyncio.gather(
        *(chat.post(client, a, everyone, f"m{i}") for i, a in enumerate(authors))
    )
    assert sorted(m["seq"] for m in posted) == list(range(1, 22))
    assert await every_seq(client, tenant, everyone) == list(range(21, 0, -1))


async def test_messages_page_newest_first_and_both_ways_from_a_seq(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    everyone = (await chat.all_staff(client, tenant.agent))["id"]
    for i in range(1, 11):
        await chat.post(client, tenant.agent, everyone, f"m{i}")
    assert await every_seq(client, tenant, everyone) == list(range(10, 0, -1))
    assert await every_seq(client, tenant, everyone, order="asc") == list(range(1, 11))
    assert await every_seq(client, tenant, everyone, before=6) == [5, 4, 3, 2, 1]
    assert await every_seq(client, tenant, everyone, after=6, order="asc") == [7, 8, 9, 10]
    assert await every_seq(client, tenant, everyone, after=2, before=6) == [5, 4, 3]
    assert await every_seq(client, tenant, everyone, after=10) == []
    page = await messages(client, tenant, everyone, limit=2)
    assert [m["text"] for m in page["items"]] == ["m10", "m9"]
    assert page["next_cursor"] is not None


async def test_messages_are_kept_per_channel(client: httpx.AsyncClient, tenant: Tenant) -> None:
    everyone = (await chat.all_staff(client, tenant.owner))["id"]
    pair = (await chat.direct(client, tenant.owner, tenant.agent))["id"]
    await chat.post(client, tenant.owner, everyone, "to all")
    await chat.post(client, tenant.owner, pair, "to you")
    await chat.post(client, tenant.owner, pair, "again")
    assert [m["text"] for m in (await messages(client, tenant, everyone))["items"]] == ["to all"]
    assert await every_seq(client, tenant, pair) == [2, 1]


async def test_read_markers_only_move_forward(client: httpx.AsyncClient, tenant: Tenant) -> None:
    everyone = (await chat.all_staff(client, tenant.agent))["id"]
    for i in range(5):
        await chat.post(client, tenant.admin, everyone, f"m{i}")
    expected = {"channel_id": everyone, "last_read_seq": 0, "unread_count": 5}
    assert await chat.read(client, tenant.agent, everyone, 0) == expected
    for seq, marker in [(3, 3), (2, 3), (3, 3), (99, 5), (None, 5), (4, 5)]:
        state = await chat.read(client, tenant.agent, everyone, seq)
        assert (state["last_read_seq"], state["unread_count"]) == (marker, 5 - marker)
    await chat.post(client, tenant.owner, everyone, "one more")
    found = await chat.channel(client, tenant.agent, everyone)
    assert (found["last_read_seq"], found["unread_count"]) == (5, 1)
    assert (await chat.read(client, tenant.agent, everyone))["unread_count"] == 0


async def test_concurrent_reads_keep_the_furthest_marker(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    everyone = (await chat.all_staff(client, tenant.agent))["id"]
    for i in range(30):
        await chat.post(client, tenant.admin, everyone, f"m{i}")
    seqs = [7, 30, 1, 12, 29, 3, 18, 25, 2, 30, 11, 0] * 2
    states = await asyncio.gather(*(chat.read(client, tenant.agent, everyone, s) for s in seqs))
    assert all(s["last_read_seq"] >= seq for s, seq in zip(states, seqs, strict=True))
    found = await chat.channel(client, tenant.agent, everyone)
    assert (found["last_read_seq"], found["unread_count"]) == (30, 0)


async def test_unread_counts_add_up_across_channels(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    everyone = (await chat.all_staff(client, tenant.agent))["id"]
    pair = (await chat.direct(client, tenant.agent, tenant.owner))["id"]
    group = (await chat.group(client, tenant.admin, [tenant.agent]))["id"]
    for channel_id, author, count in [(everyone, tenant.admin, 3), (pair, tenant.owner, 2)]:
        for i in range(count):
            await chat.post(client, author, channel_id, f"m{i}")
    await chat.post(client, tenant.agent, group, "my own")
    listed = await chat.channels(client, tenant.agent)
    assert {c["id"]: c["unread_count"] for c in listed["items"]} == {
        pair: 2,
        group: 0,
        everyone: 3,
    }
    assert listed["unread_count"] == 5
    await chat.read(client, tenant.agent, pair)
    assert (await chat.channels(client, tenant.agent))["unread_count"] == 3
    assert (await chat.channels(client, tenant.admin))["unread_count"] == 1


async def test_mentions_notify_the_members_mentioned(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    everyone = (await chat.all_staff(client, tenant.agent))["id"]
    mentions = [tenant.admin.id, tenant.owner.id, tenant.admin.id, tenant.agent.id]
    message = await chat.post(client, tenant.agent, everyone, "@admin @owner look", mentions)
    assert message["mentions"] == [str(tenant.admin.id), str(tenant.owner.id), str(tenant.agent.id)]
    for staff in (tenant.admin, tenant.owner):
        listed = (await client.get("/notifications", headers=staff.headers)).json()
        [notification] = listed["items"]
        assert (notification["type"], notification["actor_user_id"]) == (
            "team_chat.mention",
            str(tenant.agent.id),
        )
        assert notification["data"] == {"channel_id": everyone, "message_id": message["id"]}
        assert notification["conversation_id"] is None
    author = (await client.get("/notifications", headers=tenant.agent.headers)).json()
    assert author["items"] == []  # mentioning oneself notifies nobody
    async with sessionmaker() as session:
        created = (
            await session.scalars(
                select(Event.user_id).where(
                    Event.account_id == tenant.account.id, Event.type == "notification.created"
                )
            )
        ).all()
    assert sorted(created) == sorted([tenant.admin.id, tenant.owner.id])


async def test_a_mention_follows_the_team_chat_preference(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory
) -> None:
    quiet = await staff_factory.user(tenant.account.id)
    response = await client.patch(
        "/me", headers=quiet.headers, json={"notification_preferences": {"team_chat": False}}
    )
    assert response.status_code == 200, response.text
    everyone = (await chat.all_staff(client, tenant.agent))["id"]
    await chat.post(client, tenant.agent, everyone, "hello both", [quiet.id, tenant.admin.id])
    assert (await client.get("/notifications", headers=quiet.headers)).json()["items"] == []
    listed = (await client.get("/notifications", headers=tenant.admin.headers)).json()
    assert [n["type"] for n in listed["items"]] == ["team_chat.mention"]


async def test_a_deactivated_member_is_not_notified(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    pair = (await chat.direct(client, tenant.agent, tenant.admin))["id"]
    async with sessionmaker() as session:
        await session.execute(
            update(User).where(User.id == tenant.admin.id).values(is_active=False)
        )
        await session.commit()
    await chat.post(client, tenant.agent, pair, "are you there?", [tenant.admin.id])
    async with sessionmaker() as session:
        found = await session.scalars(
            select(Notification).where(Notification.user_id == tenant.admin.id)
        )
        assert found.all() == []


async def test_posting_records_one_event_for_the_channel(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    group = (await chat.group(client, tenant.admin, [tenant.agent]))["id"]
    message = await chat.post(client, tenant.agent, group, "for the group", [tenant.admin.id])
    async with sessionmaker() as session:
        events = (
            await session.scalars(
                select(Event).where(
                    Event.account_id == tenant.account.id,
                    Event.type == "team_chat.message.created",
                )
            )
        ).all()
    [event] = events
    assert event.channel_id == uuid.UUID(group)
    assert (event.conversation_id, event.contact_id, event.user_id) == (None, None, None)
    assert event.widget_data is None
    assert event.data == {"channel_id": group, "message": message}
    assert datetime.fromisoformat(message["created_at"]) <= event.occurred_at


async def test_a_retried_post_with_an_idempotency_key_posts_once(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    everyone = (await chat.all_staff(client, tenant.agent))["id"]
    url = f"/team-chat/channels/{everyone}/messages"
    headers = tenant.agent.headers | {"Idempotency-Key": str(uuid.uuid4())}
    responses = [
        await client.post(url, headers=headers, json={"text": "only once"}) for _ in range(3)
    ]
    assert [r.status_code for r in responses] == [201, 201, 201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await every_seq(client, tenant, everyone) == [1]
