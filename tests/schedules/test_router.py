import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Schedule
from tests.factories.staff import Tenant

ALWAYS = [["00:00", "24:00"]]
AROUND_THE_CLOCK = {
    "timezone": "Europe/Amsterdam",
    "days": dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), ALWAYS),
}
NEVER = {"timezone": "America/New_York", "days": {}}
OFFICE = {
    "timezone": "Europe/Amsterdam",
    "days": {"mon": [["09:00", "17:00"]], "fri": [["22:00", "02:00"]]},
    "exceptions": [{"date": "2030-12-25", "periods": []}],
}


def url(user_id: object) -> str:
    return f"/schedules/{user_id}"


async def put(
    client: httpx.AsyncClient, headers: dict[str, str], user_id: object, hours: dict[str, Any]
) -> httpx.Response:
    return await client.put(url(user_id), headers=headers, json=hours)


async def test_a_user_sets_reads_and_removes_their_own_schedule(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    me = tenant.agent
    response = await put(client, me.headers, me.id, OFFICE)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user_id"] == str(me.id)
    assert body["hours"] == OFFICE
    assert body["state_now"] in ("online", "offline")
    assert datetime.fromisoformat(body["next_change_at"]) > datetime.fromisoformat(
        body["updated_at"]
    )
    assert (await client.get(url(me.id), headers=me.headers)).json() == body

    deleted = await client.delete(url(me.id), headers=me.headers)
    assert deleted.status_code == 204
    missing = await client.get(url(me.id), headers=me.headers)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["type"] == "/problems/schedule-not-found"
    again = await client.delete(url(me.id), headers=me.headers)
    assert again.json()["type"] == "/problems/schedule-not-found"


async def test_state_now_follows_the_hours(client: httpx.AsyncClient, tenant: Tenant) -> None:
    me = tenant.agent
    online = (await put(client, me.headers, me.id, AROUND_THE_CLOCK)).json()
    assert (online["state_now"], online["next_change_at"]) == ("online", None)
    offline = (await put(client, me.headers, me.id, NEVER)).json()
    assert (offline["state_now"], offline["next_change_at"]) == ("offline", None)
    assert offline["hours"] == NEVER


async def test_put_replaces_the_hours_and_clears_what_was_applied(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    me = tenant.agent
    await put(client, me.headers, me.id, AROUND_THE_CLOCK)
    async with sessionmaker() as session:
        schedule = await session.get_one(Schedule, me.id)
        schedule.applied_state = "online"
        await session.commit()
    await put(client, me.headers, me.id, OFFICE)
    async with sessionmaker() as session:
        schedule = await session.get_one(Schedule, me.id)
        assert (schedule.hours, schedule.applied_state) == (OFFICE, None)
        assert schedule.account_id == tenant.account.id


@pytest.mark.parametrize("role", ["owner", "admin"])
async def test_owners_and_admins_manage_anyones_schedule(
    client: httpx.AsyncClient, tenant: Tenant, role: str
) -> None:
    manager = getattr(tenant, role)
    for user in (tenant.agent, tenant.admin, tenant.owner):
        assert (await put(client, manager.headers, user.id, OFFICE)).status_code == 200
        assert (await client.get(url(user.id), headers=manager.headers)).status_code == 200
    assert (await client.delete(url(tenant.agent.id), headers=manager.headers)).status_code == 204


async def test_an_agent_cannot_touch_another_users_schedule(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    await put(client, tenant.admin.headers, tenant.admin.id, OFFICE)
    agent = tenant.agent.headers
    for response in (
        await client.get(url(tenant.admin.id), headers=agent),
        await put(client, agent, tenant.admin.id, NEVER),
        await client.delete(url(tenant.admin.id), headers=agent),
    ):
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
    kept = await client.get(url(tenant.admin.id), headers=tenant.admin.headers)
    assert kept.json()["hours"] == OFFICE


async def test_users_of_another_account_or_unknown_are_404(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    await put(client, other_tenant.agent.headers, other_tenant.agent.id, OFFICE)
    for caller in (tenant.owner, tenant.agent):
        for user_id in (other_tenant.agent.id, uuid.uuid4()):
            for response in (
                await client.get(url(user_id), headers=caller.headers),
                await put(client, caller.headers, user_id, NEVER),
                await client.delete(url(user_id), headers=caller.headers),
            ):
                assert response.status_code == 404
                assert response.json()["type"] == "/problems/not-found"
    theirs = await client.get(url(other_tenant.agent.id), headers=other_tenant.agent.headers)
    assert theirs.json()["hours"] == OFFICE


async def test_schedules_need_a_token(client: httpx.AsyncClient, tenant: Tenant) -> None:
    user_id = tenant.agent.id
    for response in (
        await client.get(url(user_id)),
        await client.put(url(user_id), json=OFFICE),
        await client.delete(url(user_id)),
    ):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("hours", "loc"),
    [
        ({"timezone": "Moon/Base", "days": {}}, ["body", "timezone"]),
        ({"timezone": "UTC", "days": {"mon": [["09:00", "13:00"], ["12:00", "17:00"]]}}, None),
        ({"timezone": "UTC", "days": {"mon": [["09:00", "09:00"]]}}, None),
        ({"timezone": "UTC", "days": {"mon": [["09:00", "25:00"]]}}, None),
        ({"timezone": "UTC", "days": {"someday": []}}, None),
        ({"timezone": "UTC", "days": {}, "exceptions": [{"date": "tomorrow"}]}, None),
        ({"timezone": "UTC", "days": {}, "holidays": []}, ["body", "holidays"]),
        ({"days": {}}, ["body", "timezone"]),
    ],
)
async def test_bad_hours_are_422_and_change_nothing(
    client: httpx.AsyncClient, tenant: Tenant, hours: dict[str, Any], loc: list[str] | None
) -> None:
    me = tenant.agent
    await put(client, me.headers, me.id, OFFICE)
    response = await put(client, me.headers, me.id, hours)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert errors
    if loc is not None:
        assert errors[0]["loc"] == loc
    assert (await client.get(url(me.id), headers=me.headers)).json()["hours"] == OFFICE
