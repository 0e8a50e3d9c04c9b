"""Team-chat channels and messages made through the API, as their users would."""

import uuid
from collections.abc import Sequence
from typing import Any

import httpx

from tests.factories.staff import Staff

Json = dict[str, Any]


def _ok(response: httpx.Response, *statuses: int) -> Json:
    assert response.status_code in statuses, response.text
    body: Json = response.json()
    return body


async def channels(client: httpx.AsyncClient, staff: Staff, **params: Any) -> Json:
    return _ok(await client.get("/team-chat/channels", headers=staff.headers, params=params), 200)


async def all_staff(client: httpx.AsyncClient, staff: Staff) -> Json:
    [found] = [c for c in (await channels(client, staff))["items"] if c["kind"] == "all_staff"]
    return found


async def channel(client: httpx.AsyncClient, staff: Staff, channel_id: str) -> Json:
    return _ok(await client.get(f"/team-chat/channels/{channel_id}", headers=staff.headers), 200)


async def direct(client: httpx.AsyncClient, staff: Staff, other: Staff) -> Json:
    response = await client.post(
        "/team-chat/channels",
        headers=staff.headers,
        json={"kind": "direct", "user_id": str(other.id)},
    )
    return _ok(response, 200, 201)


async def group(
    client: httpx.AsyncClient, admin: Staff, members: Sequence[Staff], name: str = "Escalations"
) -> Json:
    response = await client.post(
        "/team-chat/channels",
        headers=admin.headers,
        json={"kind": "group", "name": name, "member_ids": [str(m.id) for m in members]},
    )
    return _ok(response, 201)


async def post(
    client: httpx.AsyncClient,
    staff: Staff,
    channel_id: str,
    text: str = "hello",
    mentions: Sequence[uuid.UUID] = (),
) -> Json:
    response = await client.post(
        f"/team-chat/channels/{channel_id}/messages",
        headers=staff.headers,
        json={"text": text, "mentions": [str(m) for m in mentions]},
    )
    return _ok(response, 201)


async def read(
    client: httpx.AsyncClient, staff: Staff, channel_id: str, seq: int | None = None
) -> Json:
    body = {} if seq is None else {"seq": seq}
    response = await client.post(
        f"/team-chat/channels/{channel_id}/read", headers=staff.headers, json=body
    )
    return _ok(response, 200)


def member_ids(found: Json) -> set[str]:
    return {m["id"] for m in found["members"]}
