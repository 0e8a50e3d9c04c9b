"""JSON bodies take booleans and integers only as JSON booleans and integers; query
parameters are still text parsed to them, and types JSON carries as strings still work."""

from datetime import UTC, datetime

import httpx
import pytest

from tests.factories.desk import Desk
from tests.factories.staff import Tenant
from tests.test_errors import problem


@pytest.mark.parametrize(
    "body",
    [
        {"is_active": 0},
        {"is_active": 1},
        {"is_active": "true"},
        {"is_active": "false"},
        {"max_concurrent": 3.0},
        {"max_concurrent": "3"},
        {"max_concurrent": True},
    ],
)
async def test_booleans_and_integers_in_bodies_are_strict(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, object]
) -> None:
    url = f"/users/{tenant.agent.id}"
    response = await client.patch(url, headers=tenant.admin.headers, json=body)
    errors = problem(response, 422)["errors"]
    assert [e["loc"] for e in errors] == [["body", next(iter(body))]]  # type: ignore[attr-defined]
    agent = (await client.get(url, headers=tenant.admin.headers)).json()
    assert (agent["is_active"], agent["max_concurrent"]) == (True, 5)


async def test_json_booleans_and_integers_are_accepted(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.patch(
        f"/users/{tenant.agent.id}",
        headers=tenant.admin.headers,
        json={"is_active": False, "max_concurrent": 3},
    )
    assert response.status_code == 200, response.text
    assert (response.json()["is_active"], response.json()["max_concurrent"]) == (False, 3)


async def test_nested_integers_are_strict(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation()
    response = await client.post(
        f"/conversations/{conversation.id}/read",
        headers=desk.tenant.agent.headers,
        json={"seq": "1"},
    )
    assert [e["loc"] for e in problem(response, 422)["errors"]] == [["body", "seq"]]  # type: ignore[attr-defined]


async def test_uuids_datetimes_enums_and_literals_still_come_as_strings(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    headers = desk.tenant.admin.headers
    updated = await client.patch(
        f"/conversations/{conversation.id}", headers=headers, json={"priority": "high"}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["priority"] == "high"
    bulk = await client.post(
        "/conversations/bulk",
        headers=headers,
        json={"conversation_ids": [str(conversation.id)], "action": "status", "status": "closed"},
    )
    assert bulk.status_code == 200, bulk.text
    assert bulk.json()["updated"] == 1
    occurred = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    activity = await client.post(
        f"/contacts/{conversation.contact_id}/activities",
        headers=headers,
        json={"type": "order.placed", "occurred_at": occurred.isoformat()},
    )
    assert activity.status_code == 201, activity.text
    assert datetime.fromisoformat(activity.json()["occurred_at"]) == occurred


async def test_a_date_and_time_is_never_a_number(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation()
    headers = desk.tenant.admin.headers
    for value in (0, 1714566600, 1.5):
        activity = await client.post(
            f"/contacts/{conversation.contact_id}/activities",
            headers=headers,
            json={"type": "order.placed", "occurred_at": value},
        )
        assert [e["loc"] for e in problem(activity, 422)["errors"]] == [["body", "occurred_at"]]  # type: ignore[index]
        snooze = await client.patch(
            f"/conversations/{conversation.id}", headers=headers, json={"snoozed_until": value}
        )
        assert snooze.status_code == 422, snooze.text


async def test_query_parameters_are_still_parsed_from_text(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get(
        "/users", headers=tenant.admin.headers, params={"active": "true", "limit": "2"}
    )
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == 2
    listed = await client.get(
        "/conversations", headers=tenant.admin.headers, params={"unanswered": "1", "rating": "5"}
    )
    assert listed.status_code == 200, listed.text
