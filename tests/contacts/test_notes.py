"""GET /contacts/{id}/notes: what colleagues noted about a customer in earlier
conversations, limited to the conversations the caller may see."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.factories.conversations import make_contact
from tests.factories.desk import Desk


async def note(client: httpx.AsyncClient, desk: Desk, conversation_id: object, text: str) -> None:
    response = await client.post(
        f"/conversations/{conversation_id}/messages",
        json={"kind": "note", "text": text},
        headers=desk.tenant.admin.headers,
    )
    assert response.status_code == 201, response.text


async def test_notes_from_every_conversation_of_the_contact_newest_first(
    client: httpx.AsyncClient, desk: Desk, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    contact = await make_contact(sessionmaker, desk.tenant.account.id)
    first = await desk.conversation(contact=contact, status="closed")
    second = await desk.conversation(contact=contact)
    someone_else = await desk.conversation()
    await note(client, desk, first.id, "Prefers e-mail")
    await note(client, desk, second.id, "VIP since 2024")
    await note(client, desk, someone_else.id, "Not about this customer")
    reply = await client.post(
        f"/conversations/{second.id}/messages",
        json={"kind": "reply", "text": "Hello!"},
        headers=desk.tenant.admin.headers,
    )
    assert reply.status_code == 201

    response = await client.get(f"/contacts/{contact.id}/notes", headers=desk.tenant.admin.headers)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(n["text"], n["conversation_id"]) for n in items] == [
        ("VIP since 2024", str(second.id)),
        ("Prefers e-mail", str(first.id)),
    ]
    assert {n["kind"] for n in items} == {"note"}


async def test_an_agent_gets_only_notes_of_conversations_they_may_see(
    client: httpx.AsyncClient, desk: Desk, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    contact = await make_contact(sessionmaker, desk.tenant.account.id)
    theirs = await desk.conversation(contact=contact)
    hidden = await desk.conversation(contact=contact, team_id=None)
    await note(client, desk, theirs.id, "Seen by the team")
    await note(client, desk, hidden.id, "Outside the agent's teams")

    response = await client.get(f"/contacts/{contact.id}/notes", headers=desk.tenant.agent.headers)
    assert [n["text"] for n in response.json()["items"]] == ["Seen by the team"]


async def test_notes_refuse_strangers_and_bad_input(
    client: httpx.AsyncClient,
    desk: Desk,
    other_desk: Desk,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    contact = await make_contact(sessionmaker, desk.tenant.account.id)
    assert (await client.get(f"/contacts/{contact.id}/notes")).status_code == 401
    other = await client.get(
        f"/contacts/{contact.id}/notes", headers=other_desk.tenant.admin.headers
    )
    assert other.status_code == 404
    bad = await client.get(
        f"/contacts/{contact.id}/notes", params={"limit": 0}, headers=desk.tenant.admin.headers
    )
    assert bad.status_code == 422
