"""Who may do what in team chat: people only, members only, groups managed by admins."""

import uuid
from typing import Any

import httpx
import pytest

from tests.api_tokens.test_router import bearer, create_token
from tests.factories import team_chat as chat
from tests.factories.staff import StaffFactory, Tenant
from tests.test_errors import problem

Request = tuple[str, str, dict[str, Any] | None]


def channel_requests(channel_id: str, user_id: uuid.UUID) -> list[Request]:
    """Every operation on one channel."""
    base = f"/team-chat/channels/{channel_id}"
    return [
        ("GET", base, None),
        ("GET", f"{base}/messages", None),
        ("POST", f"{base}/messages", {"text": "psst"}),
        ("POST", f"{base}/read", {}),
        ("POST", f"{base}/leave", None),
        ("PUT", f"{base}/members/{user_id}", None),
        ("DELETE", f"{base}/members/{user_id}", None),
    ]


def every_request(channel_id: str, user_id: uuid.UUID) -> list[Request]:
    return [
        ("GET", "/team-chat/channels", None),
        ("POST", "/team-chat/channels", {"kind": "direct", "user_id": str(user_id)}),
        *channel_requests(channel_id, user_id),
    ]


async def send(
    client: httpx.AsyncClient, request: Request, headers: dict[str, str]
) -> httpx.Response:
    method, url, body = request
    return await client.request(method, url, headers=headers, json=body)


async def test_every_operation_needs_a_token(client: httpx.AsyncClient, tenant: Tenant) -> None:
    found = await chat.all_staff(client, tenant.agent)
    for request in every_request(found["id"], tenant.admin.id):
        body = problem(await send(client, request, {}), 401)
        assert body["type"] == "/problems/not-authenticated", request


@pytest.mark.parametrize("role", ["admin", "agent"])
async def test_api_tokens_take_no_part(
    client: httpx.AsyncClient, tenant: Tenant, role: str
) -> None:
    token = bearer((await create_token(client, tenant, role=role))["token"])
    found = await chat.all_staff(client, tenant.admin)
    group = await chat.group(client, tenant.admin, [tenant.agent])
    for channel_id in (found["id"], group["id"]):
        for request in every_request(channel_id, tenant.agent.id):
            problem(await send(client, request, token), 403)
    body = {"kind": "group", "name": "Bots", "member_ids": []}
    problem(await client.post("/team-chat/channels", headers=token, json=body), 403)
    assert (await chat.channel(client, tenant.admin, group["id"]))["last_message_seq"] == 0


async def test_agents_neither_create_groups_nor_change_their_members(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = {"kind": "group", "name": "Agents only", "member_ids": []}
    response = await client.post("/team-chat/channels", headers=tenant.agent.headers, json=body)
    problem(response, 403)
    group = await chat.group(client, tenant.admin, [tenant.agent])
    url = f"/team-chat/channels/{group['id']}/members/{tenant.owner.id}"
    problem(await client.put(url, headers=tenant.agent.headers), 403)
    url = f"/team-chat/channels/{group['id']}/members/{tenant.admin.id}"
    problem(await client.delete(url, headers=tenant.agent.headers), 403)
    assert chat.member_ids(await chat.channel(client, tenant.admin, group["id"])) == {
        str(tenant.admin.id),
        str(tenant.agent.id),
    }


async def test_owners_and_admins_create_groups(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for creator in (tenant.owner, tenant.admin):
        group = await chat.group(client, creator, [tenant.agent], name=f"By {creator.user.role}")
        assert chat.member_ids(group) == {str(creator.id), str(tenant.agent.id)}


async def test_a_channel_does_not_exist_for_non_members_of_any_role(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory
) -> None:
    colleague = await staff_factory.user(tenant.account.id)
    group = await chat.group(client, tenant.owner, [tenant.agent])
    pair = await chat.direct(client, tenant.agent, colleague)
    outsiders = [
        (group, tenant.admin),
        (group, colleague),
        (pair, tenant.admin),
        (pair, tenant.owner),
    ]
    for found, outsider in outsiders:
        for request in channel_requests(found["id"], tenant.agent.id):
            if outsider is colleague and request[0] in ("PUT", "DELETE"):
                continue  # an agent is refused member changes before the channel is looked up
            response = await send(client, request, outsider.headers)
            assert problem(response, 404)["detail"] == "Channel not found.", request
        listed = (await chat.channels(client, outsider))["items"]
        assert found["id"] not in {c["id"] for c in listed}
    assert (await chat.channel(client, tenant.owner, group["id"]))["last_message_seq"] == 0
    assert chat.member_ids(await chat.channel(client, tenant.owner, group["id"])) == {
        str(tenant.owner.id),
        str(tenant.agent.id),
    }


async def test_another_accounts_channel_is_not_found(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = [
        await chat.all_staff(client, tenant.owner),
        await chat.group(client, tenant.owner, [tenant.agent]),
        await chat.direct(client, tenant.owner, tenant.agent),
    ]
    for found in theirs:
        for request in channel_requests(found["id"], other_tenant.agent.id):
            problem(await send(client, request, other_tenant.owner.headers), 404)
    for request in channel_requests(str(uuid.uuid4()), tenant.agent.id):
        problem(await send(client, request, tenant.owner.headers), 404)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "all_staff"},
        {"kind": "channel", "name": "x"},
        {"name": "no kind"},
        {"kind": "direct"},
        {"kind": "direct", "user_id": "not-a-uuid"},
        {"kind": "group", "member_ids": []},
        {"kind": "group", "name": "   ", "member_ids": []},
        {"kind": "group", "name": "x" * 201},
        {"kind": "group", "name": "Extra", "colour": "red"},
    ],
)
async def test_invalid_channel_bodies_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any]
) -> None:
    response = await client.post("/team-chat/channels", headers=tenant.admin.headers, json=body)
    assert problem(response, 422)["type"] == "/problems/validation-error"


async def test_channels_are_opened_only_with_active_users_of_the_account(
    client: httpx.AsyncClient,
    tenant: Tenant,
    other_tenant: Tenant,
    staff_factory: StaffFactory,
) -> None:
    gone = await staff_factory.user(tenant.account.id, is_active=False)
    for user_id in (other_tenant.agent.id, gone.id, uuid.uuid4()):
        body = {"kind": "direct", "user_id": str(user_id)}
        response = await client.post("/team-chat/channels", headers=tenant.agent.headers, json=body)
        errors = problem(response, 422)["errors"]
        assert [e["loc"] for e in errors] == [["body", "user_id"]]  # type: ignore[index]
        body = {"kind": "group", "name": "G", "member_ids": [str(tenant.agent.id), str(user_id)]}
        response = await client.post("/team-chat/channels", headers=tenant.admin.headers, json=body)
        assert problem(response, 422)["detail"] == f"Not active users of this account: {user_id}"
    body = {"kind": "direct", "user_id": str(tenant.agent.id)}
    response = await client.post("/team-chat/channels", headers=tenant.agent.headers, json=body)
    assert problem(response, 422)["detail"] == "A direct channel is with someone else."
    listed = (await chat.channels(client, tenant.agent))["items"]
    assert [c["kind"] for c in listed] == ["all_staff"]


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"text": ""}, ["body", "text"]),
        ({"text": "   \n\t "}, ["body", "text"]),
        ({"text": "x" * 10_001}, ["body", "text"]),
        ({"text": "nul \u0000 here"}, ["body", "text"]),
        ({}, ["body", "text"]),
        ({"text": "hi", "mentions": ["nobody"]}, ["body", "mentions", 0]),
        ({"text": "hi", "kind": "note"}, ["body", "kind"]),
    ],
)
async def test_invalid_message_bodies_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any], loc: list[object]
) -> None:
    found = await chat.all_staff(client, tenant.agent)
    url = f"/team-chat/channels/{found['id']}/messages"
    errors = problem(await client.post(url, headers=tenant.agent.headers, json=body), 422)["errors"]
    assert [e["loc"] for e in errors] == [loc]  # type: ignore[index]
    assert (await chat.channel(client, tenant.agent, found["id"]))["last_message_seq"] == 0


async def test_mentions_must_be_members_of_the_channel(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    pair = await chat.direct(client, tenant.agent, tenant.admin)
    url = f"/team-chat/channels/{pair['id']}/messages"
    for stranger in (tenant.owner.id, other_tenant.agent.id, uuid.uuid4()):
        body = {"text": "hey", "mentions": [str(tenant.admin.id), str(stranger)]}
        response = await client.post(url, headers=tenant.agent.headers, json=body)
        found = problem(response, 422)
        assert found["type"] == "/problems/not-a-member"
        assert found["detail"] == f"Not members of this channel: {stranger}"
    assert (await chat.channel(client, tenant.agent, pair["id"]))["last_message_seq"] == 0


@pytest.mark.parametrize(
    "params",
    [{"before": 0}, {"after": -1}, {"after": 2**31}, {"order": "newest"}, {"cursor": "nope"}],
)
async def test_invalid_message_queries_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, params: dict[str, Any]
) -> None:
    found = await chat.all_staff(client, tenant.agent)
    url = f"/team-chat/channels/{found['id']}/messages"
    problem(await client.get(url, headers=tenant.agent.headers, params=params), 422)


@pytest.mark.parametrize("body", [{"seq": -1}, {"seq": "3"}, {"seq": 1.5}, {"seq": 2**31}])
async def test_invalid_read_bodies_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any]
) -> None:
    found = await chat.all_staff(client, tenant.agent)
    url = f"/team-chat/channels/{found['id']}/read"
    problem(await client.post(url, headers=tenant.agent.headers, json=body), 422)
