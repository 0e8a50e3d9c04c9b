"""The inbox's widget look and the origins that may embed it."""

import httpx

from tests.factories.staff import Tenant
from tests.inboxes.test_router import make_inbox


async def test_new_inboxes_have_the_default_look(client: httpx.AsyncClient, tenant: Tenant) -> None:
    inbox = await make_inbox(client, tenant)
    assert inbox["widget_color"] == "#2563eb"
    assert inbox["widget_position"] == "right"
    assert inbox["widget_language"] is None
    assert inbox["widget_origins"] == []


async def test_admins_set_and_clear_the_look(client: httpx.AsyncClient, tenant: Tenant) -> None:
    inbox = await make_inbox(
        client,
        tenant,
        widget_color="#0F766E",
        widget_position="left",
        widget_language="nl",
        widget_origins=["https://Shop.example/", "https://*.shop.example", "https://shop.example"],
    )
    assert inbox["widget_color"] == "#0f766e"
    assert inbox["widget_origins"] == ["https://shop.example", "https://*.shop.example"]

    url = f"/inboxes/{inbox['id']}"
    changed = await client.patch(
        url, headers=tenant.admin.headers, json={"widget_language": "sv", "widget_color": None}
    )
    assert changed.status_code == 200
    assert (changed.json()["widget_language"], changed.json()["widget_color"]) == ("sv", "#0f766e")
    cleared = await client.patch(
        url, headers=tenant.admin.headers, json={"widget_language": None, "widget_origins": []}
    )
    assert (cleared.json()["widget_language"], cleared.json()["widget_origins"]) == (None, [])
    assert cleared.json()["widget_position"] == "left"


async def test_bad_looks_are_422(client: httpx.AsyncClient, tenant: Tenant) -> None:
    inbox = await make_inbox(client, tenant)
    url = f"/inboxes/{inbox['id']}"
    for body in (
        {"widget_color": "blue"},
        {"widget_color": "#12345"},
        {"widget_position": "top"},
        {"widget_language": "de"},
        {"widget_origins": ["shop.example"]},
        {"widget_origins": ["https://shop.example/path"]},
        {"widget_origins": ["javascript://x"]},
        {"widget_origins": [f"https://s{i}.example" for i in range(51)]},
    ):
        response = await client.patch(url, headers=tenant.admin.headers, json=body)
        assert response.status_code == 422, body


async def test_only_admins_change_the_look(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    inbox = await make_inbox(client, tenant)
    url = f"/inboxes/{inbox['id']}"
    body = {"widget_color": "#000000"}
    assert (await client.patch(url, json=body)).status_code == 401
    assert (await client.patch(url, headers=tenant.agent.headers, json=body)).status_code == 403
    foreign = await client.patch(url, headers=other_tenant.admin.headers, json=body)
    assert foreign.status_code == 404
