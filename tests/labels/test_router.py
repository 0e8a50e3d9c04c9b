import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Conversation, ConversationLabel
from tests.factories.conversations import make_conversation
from tests.factories.staff import Tenant


async def make_label(
    client: httpx.AsyncClient, tenant: Tenant, **body: object
) -> dict[str, object]:
    response = await client.post(
        "/labels", headers=tenant.admin.headers, json={"name": f"L-{uuid.uuid4().hex[:6]}"} | body
    )
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


async def test_admin_creates_label_with_defaults_and_lower_case_colour(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    plain = await make_label(client, tenant, name=" Billing ")
    assert (plain["name"], plain["color"], plain["description"]) == ("Billing", "#6b7280", "")
    vip = await make_label(client, tenant, name="VIP", color="#22C55E", description="Big ones")
    assert (vip["color"], vip["description"]) == ("#22c55e", "Big ones")


async def test_labels_are_listed_by_name_across_pages(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for name in ("delta", "alpha", "echo", "charlie", "bravo"):
        await make_label(client, tenant, name=name)
    names: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/labels", headers=tenant.agent.headers, params=params)).json()
        names += [label["name"] for label in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert names == ["alpha", "bravo", "charlie", "delta", "echo"]


async def test_agents_read_labels_but_cannot_change_them(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    label = await make_label(client, tenant)
    url = f"/labels/{label['id']}"
    headers = tenant.agent.headers
    assert (await client.get(url, headers=headers)).json() == label
    attempts = [
        await client.post("/labels", headers=headers, json={"name": "Mine"}),
        await client.patch(url, headers=headers, json={"name": "Renamed"}),
        await client.delete(url, headers=headers),
    ]
    assert [r.status_code for r in attempts] == [403] * 3
    assert (await client.get(url, headers=headers)).json() == label
    listed = (await client.get("/labels", headers=headers)).json()["items"]
    assert [x["name"] for x in listed] == [label["name"]]


async def test_labels_of_another_account_are_404(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = await make_label(client, other_tenant)
    url = f"/labels/{theirs['id']}"
    headers = tenant.owner.headers
    responses = [
        await client.get(url, headers=headers),
        await client.patch(url, headers=headers, json={"name": "Hijacked"}),
        await client.delete(url, headers=headers),
    ]
    assert [r.status_code for r in responses] == [404] * 3
    assert (await client.get("/labels", headers=headers)).json()["items"] == []
    assert (await client.get(url, headers=other_tenant.agent.headers)).json() == theirs


async def test_label_names_are_unique_per_account_ignoring_case(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    await make_label(client, tenant, name="Urgent")
    dup = await client.post("/labels", headers=tenant.admin.headers, json={"name": "uRGENT"})
    assert dup.status_code == 409
    assert dup.json()["type"] == "/problems/label-name-taken"
    other = await make_label(client, tenant, name="Later")
    renamed = await client.patch(
        f"/labels/{other['id']}", headers=tenant.admin.headers, json={"name": "URGENT"}
    )
    assert renamed.status_code == 409
    # A label may change the case of its own name; another account may use the name.
    recased = await client.patch(
        f"/labels/{other['id']}", headers=tenant.admin.headers, json={"name": "LATER"}
    )
    assert recased.json()["name"] == "LATER"
    await make_label(client, other_tenant, name="Urgent")


async def test_concurrent_creates_with_one_name_make_one_label(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    responses = await asyncio.gather(
        *[
            client.post("/labels", headers=tenant.admin.headers, json={"name": "Rush"})
            for _ in range(6)
        ]
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 5
    listed = (await client.get("/labels", headers=tenant.admin.headers)).json()["items"]
    assert [x["name"] for x in listed] == ["Rush"]


async def test_concurrent_renames_to_one_name_leave_one_label_with_it(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    labels = [await make_label(client, tenant) for _ in range(5)]
    responses = await asyncio.gather(
        *[
            client.patch(f"/labels/{x['id']}", headers=tenant.admin.headers, json={"name": "Same"})
            for x in labels
        ]
    )
    assert sorted(r.status_code for r in responses) == [200] + [409] * 4
    listed = (await client.get("/labels", headers=tenant.admin.headers)).json()["items"]
    assert [x["name"] for x in listed].count("Same") == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 101},
        {"name": "Red", "color": "red"},
        {"name": "Red", "color": "#12345"},
        {"name": "Red", "color": "#1234567"},
        {"name": "Red", "color": "#12345g"},
        {"name": "Red", "description": "x" * 2001},
        {"name": "Red", "account_id": str(uuid.uuid4())},
    ],
)
async def test_invalid_label_bodies_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, object]
) -> None:
    response = await client.post("/labels", headers=tenant.admin.headers, json=body)
    assert response.status_code == 422, body
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/labels", headers=tenant.admin.headers)).json()["items"] == []


async def test_update_changes_only_the_given_fields(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    label = await make_label(client, tenant, name="Bug", color="#ff0000", description="Broken")
    url = f"/labels/{label['id']}"
    for bad in ({"color": "blue"}, {"name": ""}, {"id": str(uuid.uuid4())}):
        assert (await client.patch(url, headers=tenant.admin.headers, json=bad)).status_code == 422
    updated = await client.patch(url, headers=tenant.admin.headers, json={"color": "#00FF00"})
    body = updated.json()
    assert (body["name"], body["color"], body["description"]) == ("Bug", "#00ff00", "Broken")


async def test_deleting_a_label_takes_it_off_conversations(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    doomed = await make_label(client, tenant)
    kept = await make_label(client, tenant)
    conversation = await make_conversation(sessionmaker, tenant.account.id)
    async with sessionmaker() as session:
        await session.execute(
            insert(ConversationLabel),
            [
                {"conversation_id": conversation.id, "label_id": uuid.UUID(str(x["id"]))}
                for x in (doomed, kept)
            ],
        )
        await session.commit()
    response = await client.delete(f"/labels/{doomed['id']}", headers=tenant.admin.headers)
    assert response.status_code == 204
    assert (
        await client.get(f"/labels/{doomed['id']}", headers=tenant.admin.headers)
    ).status_code == 404
    async with sessionmaker() as session:
        remaining = await session.scalars(
            select(ConversationLabel.label_id).where(
                ConversationLabel.conversation_id == conversation.id
            )
        )
        assert [str(x) for x in remaining] == [kept["id"]]
        count = await session.scalar(select(func.count()).where(Conversation.id == conversation.id))
        assert count == 1
