import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from helpdesk_api.kit.clock import utcnow
from tests.contacts.test_router import api_token_headers, make_contact
from tests.factories.staff import Tenant


def at(moment: datetime) -> str:
    return moment.isoformat()


async def test_integrations_push_activities_with_api_tokens(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    headers = await api_token_headers(client, tenant)
    contact = await make_contact(client, tenant, name="Shopper")
    url = f"/contacts/{contact['id']}/activities"
    occurred = utcnow() - timedelta(hours=3)
    response = await client.post(
        url,
        headers=headers,
        json={
            "type": "order.placed",
            "payload": {"total": 42.5, "items": [1, 2]},
            "occurred_at": at(occurred),
        },
    )
    assert response.status_code == 201, response.text
    activity = response.json()
    assert activity["contact_id"] == contact["id"]
    assert activity["type"] == "order.placed"
    assert activity["payload"] == {"total": 42.5, "items": [1, 2]}
    assert datetime.fromisoformat(activity["occurred_at"]) == occurred
    read = (await client.get(f"/contacts/{contact['id']}", headers=headers)).json()
    assert datetime.fromisoformat(read["last_activity_at"]) == occurred
    listed = (await client.get(url, headers=headers)).json()
    assert listed["items"] == [activity]


async def test_occurred_at_defaults_to_now_and_accepts_any_time_zone(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    contact = await make_contact(client, tenant)
    url = f"/contacts/{contact['id']}/activities"
    before = utcnow()
    now = await client.post(url, headers=tenant.agent.headers, json={"type": "visit"})
    assert now.status_code == 201
    assert before <= datetime.fromisoformat(now.json()["occurred_at"]) <= utcnow()
    zoned = await client.post(
        url,
        headers=tenant.agent.headers,
        json={"type": "visit", "occurred_at": "2024-05-01T12:00:00+02:00"},
    )
    assert zoned.status_code == 201
    assert zoned.json()["occurred_at"].startswith("2024-05-01T10:00:00")


async def test_backfilled_activity_never_moves_last_activity_back(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    contact = await make_contact(client, tenant)
    url = f"/contacts/{contact['id']}/activities"
    recent = utcnow() - timedelta(days=1)
    old = utcnow() - timedelta(days=60)
    for moment in (recent, old):
        response = await client.post(
            url, headers=tenant.agent.headers, json={"type": "visit", "occurred_at": at(moment)}
        )
        assert response.status_code == 201
    read = (await client.get(f"/contacts/{contact['id']}", headers=tenant.agent.headers)).json()
    assert datetime.fromisoformat(read["last_activity_at"]) == recent
    assert read["activity_status"] == "active"


async def test_concurrent_pushes_keep_the_latest_activity(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    contact = await make_contact(client, tenant)
    url = f"/contacts/{contact['id']}/activities"
    moments = [utcnow() - timedelta(days=days) for days in range(10)]
    responses = await asyncio.gather(
        *(
            client.post(
                url, headers=tenant.agent.headers, json={"type": "visit", "occurred_at": at(m)}
            )
            for m in reversed(moments)
        )
    )
    assert {r.status_code for r in responses} == {201}
    read = (await client.get(f"/contacts/{contact['id']}", headers=tenant.agent.headers)).json()
    assert datetime.fromisoformat(read["last_activity_at"]) == moments[0]


async def test_activities_list_newest_first_in_pages(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    contact = await make_contact(client, tenant)
    url = f"/contacts/{contact['id']}/activities"
    base = utcnow() - timedelta(days=3)
    # Pushed out of order: the list follows occurred_at, not arrival.
    for hours in (5, 1, 3, 2, 4):
        moment = base + timedelta(hours=hours)
        await client.post(
            url, headers=tenant.agent.headers, json={"type": f"t{hours}", "occurred_at": at(moment)}
        )
    types: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(url, headers=tenant.agent.headers, params=params)).json()
        types += [a["type"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert types == ["t5", "t4", "t3", "t2", "t1"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"type": ""},
        {"type": "x" * 101},
        {"type": "visit", "occurred_at": "2024-05-01T12:00:00"},
        {"type": "visit", "occurred_at": "yesterday"},
        {"type": "visit", "payload": [1, 2]},
        {"type": "visit", "payload": "text"},
        {"type": "visit", "extra": 1},
        {"type": "visit", "occurred_at": at(utcnow() + timedelta(days=1))},
    ],
)
async def test_push_refuses_invalid_bodies(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any]
) -> None:
    contact = await make_contact(client, tenant)
    url = f"/contacts/{contact['id']}/activities"
    response = await client.post(url, headers=tenant.agent.headers, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get(url, headers=tenant.agent.headers)).json()["items"] == []
    read = (await client.get(f"/contacts/{contact['id']}", headers=tenant.agent.headers)).json()
    assert read["last_activity_at"] is None
