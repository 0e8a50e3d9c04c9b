"""Channels: the all-staff channel follows the active users, direct channels are one per
pair, groups change members by admins' hands or by leaving."""

import asyncio
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import TeamChatChannel
from tests.factories import team_chat as chat
from tests.factories.staff import PASSWORD, StaffFactory, Tenant, unique_email
from tests.test_errors import problem

Sessionmaker = async_sessionmaker[AsyncSession]


async def test_every_active_user_is_in_the_all_staff_channel(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory
) -> None:
    await staff_factory.user(tenant.account.id, is_active=False)
    found = await chat.all_staff(client, tenant.agent)
    assert (found["name"], found["unread_count"], found["last_message"]) == ("All staff", 0, None)
    assert chat.member_ids(found) == {str(s.id) for s in (tenant.owner, tenant.admin, tenant.agent)}
    assert found == await chat.all_staff(client, tenant.owner) | {"id": found["id"]}


async def test_signup_opens_the_all_staff_channel_with_the_owner(
    client: httpx.AsyncClient,
) -> None:
    body = {"account_name": "Fresh", "name": "Fay", "email": unique_email(), "password": PASSWORD}
    response = await client.post("/auth/signup", json=body)
    assert response.status_code == 201, response.text
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    listed = (await client.get("/team-chat/channels", headers=headers)).json()
    [found] = listed["items"]
    assert (found["kind"], [m["name"] for m in found["members"]]) == ("all_staff", ["Fay"])


async def test_all_staff_follows_creation_deactivation_and_reactivation(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    channel_id = (await chat.all_staff(client, tenant.admin))["id"]
    body = {"email": unique_email(), "name": "Newcomer", "password": PASSWORD}
    created = await client.post("/users", headers=tenant.admin.headers, json=body)
    assert created.status_code == 201, created.text
    url = f"/users/{created.json()['id']}"

    async def in_all_staff() -> bool:
        found = await chat.channel(client, tenant.admin, channel_id)
        return created.json()["id"] in chat.member_ids(found)

    assert await in_all_staff()
    for change, member in [
        (client.delete(url, headers=tenant.admin.headers), False),
        (client.delete(url, headers=tenant.admin.headers), False),
        (client.patch(url, headers=tenant.admin.headers, json={"is_active": True}), True),
        (client.patch(url, headers=tenant.admin.headers, json={"is_active": True}), True),
        (client.patch(url, headers=tenant.admin.headers, json={"is_active": False}), False),
        (client.patch(url, headers=tenant.admin.headers, json={"is_active": True}), True),
    ]:
        assert (await change).status_code == 200
        assert await in_all_staff() is member


async def test_a_user_joins_all_staff_with_earlier_messages_read(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory
) -> None:
    channel_id = (await chat.all_staff(client, tenant.admin))["id"]
    for text in ("one", "two", "three"):
        await chat.post(client, tenant.admin, channel_id, text)
    late = await staff_factory.user(tenant.account.id)
    found = await chat.all_staff(client, late)
    assert (found["last_message_seq"], found["last_read_seq"], found["unread_count"]) == (3, 3, 0)
    history = await client.get(f"/team-chat/channels/{channel_id}/messages", headers=late.headers)
    assert [m["text"] for m in history.json()["items"]] == ["three", "two", "one"]


async def test_nobody_leaves_all_staff_or_a_direct_channel(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for found in (
        await chat.all_staff(client, tenant.owner),
        await chat.direct(client, tenant.owner, tenant.agent),
    ):
        url = f"/team-chat/channels/{found['id']}"
        response = await client.post(f"{url}/leave", headers=tenant.owner.headers)
        assert problem(response, 409)["type"] == "/problems/fixed-membership"
        for method in ("PUT", "DELETE"):
            member = f"{url}/members/{tenant.admin.id}"
            problem(await client.request(method, member, headers=tenant.owner.headers), 409)
        assert str(tenant.owner.id) in chat.member_ids(
            await chat.channel(client, tenant.owner, found["id"])
        )


async def test_a_direct_channel_is_opened_once_from_either_side(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = {"kind": "direct", "user_id": str(tenant.admin.id)}
    first = await client.post("/team-chat/channels", headers=tenant.agent.headers, json=body)
    assert first.status_code == 201, first.text
    found = first.json()
    assert (found["kind"], found["name"]) == ("direct", None)
    assert chat.member_ids(found) == {str(tenant.agent.id), str(tenant.admin.id)}
    again = await client.post("/team-chat/channels", headers=tenant.agent.headers, json=body)
    assert (again.status_code, again.json()) == (200, found)
    body = {"kind": "direct", "user_id": str(tenant.agent.id)}
    other_side = await client.post("/team-chat/channels", headers=tenant.admin.headers, json=body)
    assert (other_side.status_code, other_side.json()["id"]) == (200, found["id"])


async def test_concurrent_requests_open_one_direct_channel(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    requests = [
        client.post(
            "/team-chat/channels",
            headers=me.headers,
            json={"kind": "direct", "user_id": str(other.id)},
        )
        for _ in range(6)
        for me, other in ((tenant.agent, tenant.owner), (tenant.owner, tenant.agent))
    ]
    responses = await asyncio.gather(*requests)
    assert sorted(r.status_code for r in responses) == [200] * 11 + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert all(len(r.json()["members"]) == 2 for r in responses)
    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(TeamChatChannel)
            .where(
                TeamChatChannel.account_id == tenant.account.id, TeamChatChannel.kind == "direct"
            )
        )
    assert count == 1


async def test_a_member_leaves_a_group(client: httpx.AsyncClient, tenant: Tenant) -> None:
    group = await chat.group(client, tenant.admin, [tenant.agent, tenant.owner])
    assert (group["kind"], group["name"]) == ("group", "Escalations")
    await chat.post(client, tenant.admin, group["id"], "before leaving")
    url = f"/team-chat/channels/{group['id']}"
    left = await client.post(f"{url}/leave", headers=tenant.agent.headers)
    assert left.status_code == 204
    problem(await client.get(url, headers=tenant.agent.headers), 404)
    problem(await client.post(f"{url}/leave", headers=tenant.agent.headers), 404)
    listed = (await chat.channels(client, tenant.agent))["items"]
    assert [c["kind"] for c in listed] == ["all_staff"]
    assert chat.member_ids(await chat.channel(client, tenant.admin, group["id"])) == {
        str(tenant.admin.id),
        str(tenant.owner.id),
    }


async def test_admins_add_and_remove_group_members(
    client: httpx.AsyncClient,
    tenant: Tenant,
    other_tenant: Tenant,
    staff_factory: StaffFactory,
) -> None:
    group = await chat.group(client, tenant.admin, [])
    assert chat.member_ids(group) == {str(tenant.admin.id)}
    await chat.post(client, tenant.admin, group["id"], "first")
    url = f"/team-chat/channels/{group['id']}/members"
    for _ in range(2):  # adding a member again changes nothing
        added = await client.put(f"{url}/{tenant.agent.id}", headers=tenant.admin.headers)
        assert added.status_code == 200, added.text
        assert chat.member_ids(added.json()) == {str(tenant.admin.id), str(tenant.agent.id)}
    joined = await chat.channel(client, tenant.agent, group["id"])
    assert (joined["last_read_seq"], joined["unread_count"]) == (1, 0)

    gone = await staff_factory.user(tenant.account.id, is_active=False)
    response = await client.put(f"{url}/{gone.id}", headers=tenant.admin.headers)
    assert problem(response, 422)["type"] == "/problems/unknown-members"
    response = await client.put(f"{url}/{other_tenant.agent.id}", headers=tenant.admin.headers)
    assert problem(response, 404)["detail"] == "User not found."

    for _ in range(2):  # removing someone who is not in it is no error
        removed = await client.delete(f"{url}/{tenant.agent.id}", headers=tenant.admin.headers)
        assert removed.status_code == 204
    problem(
        await client.get(f"/team-chat/channels/{group['id']}", headers=tenant.agent.headers), 404
    )
    assert chat.member_ids(await chat.channel(client, tenant.admin, group["id"])) == {
        str(tenant.admin.id)
    }


async def test_channels_are_listed_most_recently_active_first_across_pages(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    everyone = await chat.all_staff(client, tenant.owner)
    pair = await chat.direct(client, tenant.owner, tenant.agent)
    group = await chat.group(client, tenant.owner, [tenant.agent])
    await chat.post(client, tenant.agent, pair["id"], "newest of all")
    expected = [pair["id"], group["id"], everyone["id"]]
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = await chat.channels(client, tenant.owner, **params)
        assert page["unread_count"] == 1
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [c["id"] for c in items] == expected
    preview = items[0]["last_message"]
    assert (preview["seq"], preview["text"], preview["author_user_id"]) == (
        1,
        "newest of all",
        str(tenant.agent.id),
    )
