import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Contact
from tests.factories.contacts import ContactFactory
from tests.factories.staff import Staff, Tenant


async def make_contact(
    client: httpx.AsyncClient, staff: Staff | Tenant, **body: Any
) -> dict[str, Any]:
    headers = staff.owner.headers if isinstance(staff, Tenant) else staff.headers
    response = await client.post("/contacts", headers=headers, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def api_token_headers(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, str]:
    created = await client.post(
        "/api-tokens", headers=tenant.admin.headers, json={"name": "CRM", "role": "agent"}
    )
    assert created.status_code == 201, created.text
    return {"Authorization": f"Bearer {created.json()['token']}"}


async def test_create_and_read_a_contact(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await make_contact(
        client,
        tenant,
        identifier="crm-1",
        name="  Annabel Lee ",
        email="annabel@example.com",
        phone="+44 20 7946 0000",
        custom_attributes={"plan": "pro", "seats": 3, "dropped": None},
    )
    assert created["name"] == "Annabel Lee"
    assert created["custom_attributes"] == {"plan": "pro", "seats": 3}
    assert created["activity_status"] == "active"
    assert created["last_activity_at"] is None
    assert created["merged_into_id"] is None
    read = await client.get(f"/contacts/{created['id']}", headers=tenant.agent.headers)
    assert read.status_code == 200
    assert read.json() == created


async def test_every_role_and_api_tokens_manage_contacts(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    token = await api_token_headers(client, tenant)
    for headers in (tenant.owner.headers, tenant.admin.headers, tenant.agent.headers, token):
        contact = (await client.post("/contacts", headers=headers, json={"name": "X"})).json()
        other = (await client.post("/contacts", headers=headers, json={"name": "Y"})).json()
        url = f"/contacts/{contact['id']}"
        results = [
            await client.get("/contacts", headers=headers),
            await client.get(url, headers=headers),
            await client.patch(url, headers=headers, json={"phone": "123"}),
            await client.post(f"{url}/activities", headers=headers, json={"type": "visit"}),
            await client.get(f"{url}/activities", headers=headers),
            await client.get(f"{url}/conversations", headers=headers),
            await client.post(f"{url}/merge", headers=headers, json={"contact_id": other["id"]}),
        ]
        assert [r.status_code for r in results] == [200, 200, 200, 201, 200, 200, 200]


async def test_identifier_is_unique_per_account(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    await make_contact(client, tenant, identifier="u-42")
    duplicate = await client.post(
        "/contacts", headers=tenant.agent.headers, json={"identifier": "u-42"}
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["type"] == "/problems/contact-identifier-taken"
    await make_contact(client, other_tenant, identifier="u-42")
    second = await make_contact(client, tenant, identifier="u-43")
    taken = await client.patch(
        f"/contacts/{second['id']}", headers=tenant.agent.headers, json={"identifier": "u-42"}
    )
    assert taken.status_code == 409
    read = await client.get(f"/contacts/{second['id']}", headers=tenant.agent.headers)
    assert read.json()["identifier"] == "u-43"


async def test_concurrent_creates_with_one_identifier_make_one_contact(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    responses = await asyncio.gather(
        *(
            client.post("/contacts", headers=tenant.agent.headers, json={"identifier": "race"})
            for _ in range(8)
        )
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7
    listed = await client.get(
        "/contacts", headers=tenant.agent.headers, params={"identifier": "race"}
    )
    assert len(listed.json()["items"]) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email"},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"identifier": "x" * 201},
        {"phone": "1" * 51},
        {"custom_attributes": ["a"]},
        {"custom_attributes": {"": 1}},
        {"custom_attributes": {f"k{i}": i for i in range(101)}},
        {"unknown": "field"},
    ],
)
async def test_create_refuses_invalid_bodies(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any]
) -> None:
    response = await client.post("/contacts", headers=tenant.agent.headers, json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_patch_changes_only_what_is_sent_and_merges_attributes(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    contact = await make_contact(
        client,
        tenant,
        name="Ann",
        email="ann@example.com",
        phone="1",
        custom_attributes={"plan": "free", "city": "Oslo", "vip": False},
    )
    url = f"/contacts/{contact['id']}"
    response = await client.patch(
        url,
        headers=tenant.agent.headers,
        json={
            "name": "Ann Smith",
            "phone": None,
            "custom_attributes": {"plan": "pro", "city": None, "tags": ["a", "b"]},
        },
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["name"] == "Ann Smith"
    assert updated["email"] == "ann@example.com"
    assert updated["phone"] is None
    assert updated["custom_attributes"] == {"plan": "pro", "vip": False, "tags": ["a", "b"]}
    assert updated["updated_at"] >= contact["updated_at"]
    assert (await client.get(url, headers=tenant.agent.headers)).json() == updated


@pytest.mark.parametrize(
    "body",
    [
        {"email": "nope"},
        {"name": ""},
        {"custom_attributes": None},
        {"custom_attributes": "plan=pro"},
        {"identifier": ""},
        {"merged_into_id": str(uuid.uuid4())},
    ],
)
async def test_patch_refuses_invalid_bodies(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any]
) -> None:
    contact = await make_contact(client, tenant, name="Kept", custom_attributes={"a": 1})
    url = f"/contacts/{contact['id']}"
    response = await client.patch(url, headers=tenant.agent.headers, json=body)
    assert response.status_code == 422
    assert (await client.get(url, headers=tenant.agent.headers)).json() == contact


async def test_patch_cannot_grow_attributes_past_the_limit(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    contact = await make_contact(client, tenant, custom_attributes={f"a{i}": i for i in range(60)})
    url = f"/contacts/{contact['id']}"
    more = {f"b{i}": i for i in range(41)}
    response = await client.patch(
        url, headers=tenant.agent.headers, json={"custom_attributes": more}
    )
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/too-many-attributes"
    assert (
        len((await client.get(url, headers=tenant.agent.headers)).json()["custom_attributes"]) == 60
    )


async def test_list_is_newest_first_and_pages_neither_skip_nor_repeat(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    made = [(await make_contact(client, tenant, name=f"C{i}"))["id"] for i in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/contacts", headers=tenant.agent.headers, params=params)).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        # A contact created mid-way is newer than the cursor, so it never shows up later.
        await make_contact(client, tenant, name="Late")
    assert seen == list(reversed(made))


async def test_list_rejects_foreign_cursor_and_big_limit(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    headers = tenant.agent.headers
    assert (await client.get("/contacts?cursor=garbage", headers=headers)).status_code == 422
    assert (await client.get("/contacts?limit=101", headers=headers)).status_code == 422


async def test_search_matches_name_and_email_prefixes(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    annabel = await make_contact(client, tenant, name="Annabel Lee", email="annabel@example.com")
    hannah = await make_contact(client, tenant, name="Hannah Annex", email="h@corp.io")
    await make_contact(client, tenant, name="Bob", email="bob@annual.org")
    await make_contact(client, other_tenant, name="Annabel Other", email="annabel@example.com")

    async def search(q: str) -> list[str]:
        response = await client.get("/contacts", headers=tenant.agent.headers, params={"q": q})
        assert response.status_code == 200, response.text
        return [c["name"] for c in response.json()["items"]]

    assert await search("ann") == ["Bob", "Hannah Annex", "Annabel Lee"]
    assert await search("ANNA") == ["Annabel Lee"]
    assert await search("annabel@ex") == ["Annabel Lee"]
    assert await search("annabel@example.com") == ["Annabel Lee"]
    assert await search("lee exa") == ["Annabel Lee"]
    assert await search("corp") == ["Hannah Annex"]
    assert await search("nnabel") == []
    assert hannah["id"] != annabel["id"]
    # tsquery syntax in the input is only text; it neither errors nor widens the match.
    assert await search("ann:* | !bob & (") == ["Bob"]
    assert await search("'") == ["Bob", "Hannah Annex", "Annabel Lee"]
    assert await search("lee\\") == ["Annabel Lee"]


async def test_filters_by_exact_email_and_identifier(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    found = await make_contact(client, tenant, email="Mixed.Case@Example.com", identifier="id-1")
    await make_contact(client, tenant, email="mixed.case@example.org", identifier="id-10")
    headers = tenant.agent.headers

    async def ids(**params: str) -> list[str]:
        response = await client.get("/contacts", headers=headers, params=params)
        return [c["id"] for c in response.json()["items"]]

    assert await ids(email="mixed.case@EXAMPLE.COM") == [found["id"]]
    assert await ids(email="mixed.case@example") == []
    assert await ids(identifier="id-1") == [found["id"]]
    assert await ids(identifier="ID-1") == []
    assert await ids(identifier="id-1", q="mixed") == [found["id"]]
    assert await ids(identifier="id-1", q="zebra") == []


async def test_activity_status_follows_last_activity_or_creation(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    now = utcnow()
    cases = {
        "recent": (now - timedelta(days=6, hours=23), now - timedelta(days=90), "active"),
        "quiet": (now - timedelta(days=8), now - timedelta(days=90), "low_risk"),
        "gone": (now - timedelta(days=31), now - timedelta(days=90), "high_risk"),
        "new": (None, now - timedelta(days=1), "active"),
        "silent": (None, now - timedelta(days=10), "low_risk"),
    }
    ids = {name: (await make_contact(client, tenant, name=name))["id"] for name in cases}
    async with sessionmaker() as session:
        for name, (last_activity_at, created_at, _) in cases.items():
            await session.execute(
                update(Contact)
                .where(Contact.id == uuid.UUID(ids[name]))
                .values(last_activity_at=last_activity_at, created_at=created_at)
            )
        await session.commit()
    for name, (*_, expected) in cases.items():
        read = await client.get(f"/contacts/{ids[name]}", headers=tenant.agent.headers)
        assert read.json()["activity_status"] == expected, name


async def test_another_accounts_contacts_are_404_everywhere(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = await make_contact(client, other_tenant, name="Theirs", email="t@example.com")
    mine = await make_contact(client, tenant, name="Mine")
    headers = tenant.owner.headers
    url = f"/contacts/{theirs['id']}"
    responses = [
        await client.get(url, headers=headers),
        await client.patch(url, headers=headers, json={"name": "Hijacked"}),
        await client.post(f"{url}/merge", headers=headers, json={"contact_id": mine["id"]}),
        await client.post(
            f"/contacts/{mine['id']}/merge", headers=headers, json={"contact_id": theirs["id"]}
        ),
        await client.get(f"{url}/activities", headers=headers),
        await client.post(f"{url}/activities", headers=headers, json={"type": "visit"}),
        await client.get(f"{url}/conversations", headers=headers),
        await client.get(f"/contacts/{uuid.uuid4()}", headers=headers),
    ]
    assert [r.status_code for r in responses] == [404] * len(responses)
    listed = await client.get("/contacts", headers=headers, params={"q": "theirs"})
    assert listed.json()["items"] == []
    unchanged = await client.get(url, headers=other_tenant.agent.headers)
    assert unchanged.json() == theirs
    assert (await client.get(f"{url}/activities", headers=other_tenant.agent.headers)).json()[
        "items"
    ] == []
    assert (await client.get(f"/contacts/{mine['id']}", headers=headers)).json() == mine


async def test_contact_conversations_are_those_the_caller_may_see(
    client: httpx.AsyncClient, tenant: Tenant, contacts: ContactFactory
) -> None:
    team = await client.post(
        "/teams",
        headers=tenant.admin.headers,
        json={"name": f"Support {uuid.uuid4().hex[:6]}", "member_ids": [str(tenant.agent.id)]},
    )
    team_id = uuid.UUID(team.json()["id"])
    contact = await contacts.contact(tenant.account.id, name="Customer")
    inbox = await contacts.inbox(tenant.account.id)
    now = utcnow()
    of_team, _ = await contacts.conversation(
        inbox, contact, messages=1, team_id=team_id, last_activity_at=now - timedelta(hours=2)
    )
    assigned, _ = await contacts.conversation(
        inbox, contact, assignee_id=tenant.agent.id, last_activity_at=now - timedelta(hours=1)
    )
    hidden, _ = await contacts.conversation(inbox, contact, last_activity_at=now)
    stranger = await contacts.contact(tenant.account.id)
    await contacts.conversation(inbox, stranger, team_id=team_id)
    url = f"/contacts/{contact.id}/conversations"

    async def listed(headers: dict[str, str], **params: Any) -> dict[str, Any]:
        response = await client.get(url, headers=headers, params=params)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    everything = await listed(tenant.admin.headers)
    assert [c["id"] for c in everything["items"]] == [
        str(hidden.id),
        str(assigned.id),
        str(of_team.id),
    ]
    agent = await listed(tenant.agent.headers)
    assert [c["id"] for c in agent["items"]] == [str(assigned.id), str(of_team.id)]
    first = await listed(tenant.admin.headers, limit=2)
    second = await listed(tenant.admin.headers, limit=2, cursor=first["next_cursor"])
    assert [c["id"] for c in first["items"] + second["items"]] == [
        c["id"] for c in everything["items"]
    ]
    assert second["next_cursor"] is None
    summary = everything["items"][2]
    assert summary == {
        "id": str(of_team.id),
        "number": of_team.number,
        "status": "open",
        "channel": "web_chat",
        "inbox_id": str(inbox.id),
        "assignee_id": None,
        "team_id": str(team_id),
        "last_activity_at": summary["last_activity_at"],
        "last_message_preview": "message 1",
        "created_at": summary["created_at"],
    }


async def test_retried_contact_and_activity_posts_act_once(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:

    headers = tenant.agent.headers | {"Idempotency-Key": "crm-sync-1"}
    body = {"name": "Retry Rita", "email": "rita@example.com"}
    created = await asyncio.gather(
        *[client.post("/contacts", headers=headers, json=body) for _ in range(5)]
    )
    assert {r.status_code for r in created} == {201}
    assert len({r.json()["id"] for r in created}) == 1
    contact_id = created[0].json()["id"]
    url = f"/contacts/{contact_id}/activities"
    activity = {"type": "order.placed", "payload": {"total": 10}}
    pushes = [
        await client.post(url, headers=headers | {"Idempotency-Key": "order-77"}, json=activity)
        for _ in range(3)
    ]
    assert len({r.json()["id"] for r in pushes}) == 1
    listed = await client.get(url, headers=tenant.agent.headers)
    assert len(listed.json()["items"]) == 1
