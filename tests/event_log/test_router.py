import asyncio

import httpx

from tests.factories.desk import Desk
from tests.factories.messages import customer_writes


async def replay_all(
    client: httpx.AsyncClient, headers: dict[str, str], after: int = 0, limit: int = 7
) -> tuple[list[dict[str, object]], int]:
    events: list[dict[str, object]] = []
    while True:
        page = (
            await client.get("/events", headers=headers, params={"after": after, "limit": limit})
        ).json()
        events += page["events"]
        after = page["last_seq"]
        if not page["has_more"]:
            return events, after


async def test_replay_has_every_event_in_order_without_gaps(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    headers = desk.tenant.admin.headers
    conversations = [await desk.conversation() for _ in range(3)]
    writes = [
        client.post(f"/conversations/{c.id}/messages", headers=headers, json={"text": f"m{i}"})
        for i in range(6)
        for c in conversations
    ]
    writes += [customer_writes(desk.sessionmaker, c.id, "from customer") for c in conversations]
    await asyncio.gather(*writes)
    events, last = await replay_all(client, headers)
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1))
    assert last == seqs[-1]
    messages = [e for e in events if e["type"] == "message.created"]
    assert len(messages) == 6 * 3 + 3
    assert set(messages[0]) == {"seq", "type", "occurred_at", "data"}
    more, _ = await replay_all(client, headers, after=last)
    assert more == []


async def test_agents_replay_only_what_they_may_see(client: httpx.AsyncClient, desk: Desk) -> None:
    admin, agent = desk.tenant.admin.headers, desk.tenant.agent.headers
    visible = await desk.conversation()
    hidden = await desk.conversation(team_id=None)
    await client.post(f"/conversations/{visible.id}/messages", headers=admin, json={"text": "a"})
    await client.post(f"/conversations/{hidden.id}/messages", headers=admin, json={"text": "b"})
    await customer_writes(desk.sessionmaker, visible.id, "c")
    await client.post(f"/conversations/{visible.id}/read", headers=admin)
    seen, last = await replay_all(client, agent)
    about = {
        e["data"]["message"]["conversation_id"]
        for e in seen  # type: ignore[index]
        if e["type"] == "message.created"
    }
    assert about == {str(visible.id)}
    # Another user's read marker is theirs alone.
    assert not [e for e in seen if e["type"] == "conversation.read"]
    everything, admin_last = await replay_all(client, admin)
    assert any(e["type"] == "conversation.read" for e in everything)
    assert last == admin_last


async def test_replay_is_per_account(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk
) -> None:
    theirs = await other_desk.conversation()
    await client.post(
        f"/conversations/{theirs.id}/messages",
        headers=other_desk.tenant.admin.headers,
        json={"text": "secret"},
    )
    events, last = await replay_all(client, desk.tenant.owner.headers)
    assert events == []
    assert last == 0
    response = await client.get("/events", headers=desk.tenant.owner.headers, params={"after": -1})
    assert response.status_code == 422
