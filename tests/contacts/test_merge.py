import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.contacts import service
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import (
    Attachment,
    ContactActivity,
    Conversation,
    ConversationEvent,
    Event,
    Message,
)
from tests.contacts.test_router import make_contact
from tests.factories.contacts import ContactFactory
from tests.factories.staff import Tenant


async def merge(
    client: httpx.AsyncClient, tenant: Tenant, target: Any, source: Any
) -> httpx.Response:
    return await client.post(
        f"/contacts/{target}/merge",
        headers=tenant.agent.headers,
        json={"contact_id": str(source)},
    )


async def owned_by(session: AsyncSession, contact_id: uuid.UUID) -> dict[str, set[Any]]:
    """Ids of every row that refers to the contact, by kind."""
    owners = {
        "conversations": (Conversation.id, Conversation.contact_id),
        "messages": (Message.id, Message.sender_contact_id),
        "activities": (ContactActivity.id, ContactActivity.contact_id),
        "attachments": (Attachment.id, Attachment.uploaded_by_contact_id),
        "timeline": (ConversationEvent.id, ConversationEvent.actor_contact_id),
        "events": (Event.id, Event.contact_id),
    }
    return {
        kind: set((await session.scalars(select(key).where(owner == contact_id))).all())
        for kind, (key, owner) in owners.items()
    }


async def test_merge_moves_everything_and_loses_nothing(
    client: httpx.AsyncClient,
    tenant: Tenant,
    contacts: ContactFactory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    now = utcnow()
    inbox = await contacts.inbox(tenant.account.id)
    target = await contacts.contact(
        tenant.account.id,
        name="Ann Target",
        custom_attributes={"plan": "pro", "city": "Oslo"},
        last_activity_at=now - timedelta(days=40),
        last_seen_at=now - timedelta(hours=1),
    )
    source = await contacts.contact(
        tenant.account.id,
        name="Anonymous",
        email="ann@example.com",
        phone="+47 1234",
        identifier="crm-7",
        custom_attributes={"plan": "free", "orders": 4},
        last_activity_at=now - timedelta(days=2),
        last_seen_at=now - timedelta(days=3),
    )
    kept, _ = await contacts.conversation(inbox, target, messages=1)
    history = await contacts.history(inbox, source)
    async with sessionmaker() as session:
        before_target = await owned_by(session, target.id)
        before_source = await owned_by(session, source.id)
    assert all(before_source.values())

    response = await merge(client, tenant, target.id, source.id)

    assert response.status_code == 200, response.text
    merged = response.json()
    assert merged["id"] == str(target.id)
    assert merged["name"] == "Ann Target"
    assert merged["email"] == "ann@example.com"
    assert merged["phone"] == "+47 1234"
    assert merged["identifier"] == "crm-7"
    assert merged["custom_attributes"] == {"plan": "pro", "city": "Oslo", "orders": 4}
    assert datetime.fromisoformat(merged["last_activity_at"]) == source.last_activity_at
    assert datetime.fromisoformat(merged["last_seen_at"]) == target.last_seen_at
    assert merged["activity_status"] == "active"
    async with sessionmaker() as session:
        after_target = await owned_by(session, target.id)
        after_source = await owned_by(session, source.id)
    assert after_source == {kind: set() for kind in after_source}
    for kind, ids in after_target.items():
        assert ids == before_target[kind] | before_source[kind], kind
    assert after_target["conversations"] == {kept.id, *history.conversation_ids}
    assert set(history.message_ids) <= after_target["messages"]
    async with sessionmaker() as session:
        announced = (
            await session.scalars(
                select(Event).where(
                    Event.account_id == tenant.account.id, Event.type == "conversation.updated"
                )
            )
        ).all()
    assert {e.conversation_id for e in announced} == set(history.conversation_ids)
    for event in announced:
        assert event.data["changed"] == ["contact_id"]
        assert event.data["conversation"]["contact_id"] == str(target.id)

    headers = tenant.agent.headers
    gone = (await client.get(f"/contacts/{source.id}", headers=headers)).json()
    assert gone["merged_into_id"] == str(target.id)
    assert gone["identifier"] is None
    assert gone["name"] == "Anonymous"
    listed = (await client.get("/contacts", headers=headers)).json()["items"]
    assert [c["id"] for c in listed] == [str(target.id)]
    by_identifier = await client.get("/contacts", headers=headers, params={"identifier": "crm-7"})
    assert [c["id"] for c in by_identifier.json()["items"]] == [str(target.id)]
    activities = await client.get(f"/contacts/{target.id}/activities", headers=headers)
    assert {a["id"] for a in activities.json()["items"]} == {str(a) for a in history.activity_ids}
    conversations = await client.get(
        f"/contacts/{target.id}/conversations", headers=tenant.admin.headers
    )
    listed_conversations = {uuid.UUID(c["id"]) for c in conversations.json()["items"]}
    assert listed_conversations == after_target["conversations"]


async def test_merge_keeps_the_targets_identifier_and_identify_follows_the_merge(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    target = await make_contact(client, tenant, identifier="new-id")
    source = await make_contact(client, tenant, identifier="old-id", name="Old")
    merged = (await merge(client, tenant, target["id"], source["id"])).json()
    assert merged["identifier"] == "new-id"
    assert merged["name"] == "Old"
    async with sessionmaker() as session:
        found = await service.identify(session, tenant.account.id, "old-id", email="o@example.com")
        await session.commit()
    assert str(found.id) == target["id"]
    assert found.email == "o@example.com"
    again = await client.post(
        "/contacts", headers=tenant.agent.headers, json={"identifier": "old-id"}
    )
    assert again.status_code == 409


async def test_merged_contacts_always_point_at_the_survivor(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    first = await make_contact(client, tenant, name="First")
    second = await make_contact(client, tenant)
    third = await make_contact(client, tenant)
    assert (await merge(client, tenant, second["id"], first["id"])).status_code == 200
    assert (await merge(client, tenant, third["id"], second["id"])).status_code == 200
    read = await client.get(f"/contacts/{first['id']}", headers=tenant.agent.headers)
    assert read.json()["merged_into_id"] == third["id"]
    survivor = await client.get(f"/contacts/{third['id']}", headers=tenant.agent.headers)
    assert survivor.json()["name"] == "First"


async def test_merge_refuses_itself_and_merged_contacts(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    target = await make_contact(client, tenant, name="Target")
    source = await make_contact(client, tenant, name="Source")
    other = await make_contact(client, tenant, name="Other")
    itself = await merge(client, tenant, target["id"], target["id"])
    assert itself.status_code == 422
    assert itself.json()["type"] == "/problems/invalid-merge"
    assert (await merge(client, tenant, target["id"], source["id"])).status_code == 200
    again = await merge(client, tenant, other["id"], source["id"])
    assert again.status_code == 422
    assert again.json()["errors"][0]["loc"] == ["body", "contact_id"]
    into_merged = await merge(client, tenant, source["id"], other["id"])
    assert into_merged.status_code == 422
    assert into_merged.json()["errors"][0]["loc"] == ["path", "contact_id"]
    read = (await client.get(f"/contacts/{other['id']}", headers=tenant.agent.headers)).json()
    assert read == other


@pytest.mark.parametrize(
    "body", [{}, {"contact_id": "not-a-uuid"}, {"contact_id": None}, {"id": str(uuid.uuid4())}]
)
async def test_merge_refuses_invalid_bodies(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any]
) -> None:
    target = await make_contact(client, tenant)
    response = await client.post(
        f"/contacts/{target['id']}/merge", headers=tenant.agent.headers, json=body
    )
    assert response.status_code == 422


async def test_writes_to_a_merged_contact_are_refused(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    target = await make_contact(client, tenant)
    source = await make_contact(client, tenant, name="Source")
    await merge(client, tenant, target["id"], source["id"])
    url = f"/contacts/{source['id']}"
    headers = tenant.agent.headers
    patched = await client.patch(url, headers=headers, json={"name": "Renamed"})
    pushed = await client.post(f"{url}/activities", headers=headers, json={"type": "visit"})
    assert [patched.status_code, pushed.status_code] == [422, 422]
    assert pushed.json()["type"] == "/problems/contact-merged"
    assert (await client.get(url, headers=headers)).json()["name"] == "Source"
    assert (await client.get(f"{url}/activities", headers=headers)).json()["items"] == []


async def test_opposite_concurrent_merges_neither_deadlock_nor_both_win(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for _ in range(3):
        a = await make_contact(client, tenant)
        b = await make_contact(client, tenant)
        results = await asyncio.gather(
            merge(client, tenant, a["id"], b["id"]), merge(client, tenant, b["id"], a["id"])
        )
        assert sorted(r.status_code for r in results) == [200, 422]
        states = [
            (await client.get(f"/contacts/{c['id']}", headers=tenant.agent.headers)).json()
            for c in (a, b)
        ]
        assert sorted(s["merged_into_id"] is None for s in states) == [False, True]


async def test_activities_pushed_during_a_merge_end_up_on_the_survivor(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    target = await make_contact(client, tenant)
    source = await make_contact(client, tenant)
    url = f"/contacts/{source['id']}/activities"
    pushes = [
        client.post(url, headers=tenant.agent.headers, json={"type": f"t{n}"}) for n in range(6)
    ]
    results = await asyncio.gather(
        *pushes[:3], merge(client, tenant, target["id"], source["id"]), *pushes[3:]
    )
    assert results[3].status_code == 200
    accepted = {r.json()["id"] for r in results if r.status_code == 201}
    assert {r.status_code for r in results if r is not results[3]} <= {201, 422}
    on_target = await client.get(
        f"/contacts/{target['id']}/activities", headers=tenant.agent.headers
    )
    assert {a["id"] for a in on_target.json()["items"]} == accepted
    on_source = await client.get(url, headers=tenant.agent.headers)
    assert on_source.json()["items"] == []
