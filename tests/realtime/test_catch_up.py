"""A reconnecting client gets what it missed, in order and once, then the live stream."""

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from tests.factories.desk import Desk
from tests.factories.messages import customer_writes
from tests.realtime.conftest import Connect, messages_of, token_of
from tests.widget.conftest import open_session

from helpdesk_api.db import session_scope
from helpdesk_api.event_log.service import purge_batch
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Event

pytestmark = pytest.mark.usefixtures("dispatching")


async def _replayed_seqs(
    client: httpx.AsyncClient, headers: dict[str, str], after: int
) -> list[int]:
    seqs: list[int] = []
    while True:
        page = (await client.get("/events", headers=headers, params={"after": after})).json()
        seqs += [e["seq"] for e in page["events"]]
        after = page["last_seq"]
        if not page["has_more"]:
            return seqs


async def test_fifty_missed_events_come_back_in_order_once(
    client: httpx.AsyncClient, desk: Desk, connect: Connect
) -> None:
    agent = desk.tenant.agent
    conversation = await desk.conversation()
    first = await connect("/agent", token=token_of(agent.headers))
    await customer_writes(desk.sessionmaker, conversation.id, "are you there?")
    await first.until(lambda _: len(messages_of(first, conversation.id)) == 1)
    last = first.seqs()[-1]
    await first.close()

    url = f"/conversations/{conversation.id}/messages"
    for n in range(50):
        posted = await client.post(url, headers=desk.tenant.admin.headers, json={"text": f"m{n}"})
        assert posted.status_code == 201

    again = await connect("/agent", token=token_of(agent.headers), after=last)
    await again.until(lambda _: len(messages_of(again, conversation.id)) == 50)
    texts = [m["data"]["message"]["text"] for m in messages_of(again, conversation.id)]
    assert texts == [f"m{n}" for n in range(50)]
    # Exactly what the REST replay gives the same user, in the same order, nothing twice.
    assert again.seqs() == await _replayed_seqs(client, agent.headers, last)

    # Then the live stream, without a seam.
    await client.post(url, headers=desk.tenant.admin.headers, json={"text": "live"})
    await again.until(lambda _: len(messages_of(again, conversation.id)) == 51)
    assert again.seqs() == sorted(set(again.seqs()))


async def test_no_gap_and_no_duplicate_while_switching_to_live(
    client: httpx.AsyncClient, desk: Desk, connect: Connect
) -> None:
    """Events keep committing while the client replays: each arrives exactly once."""
    agent = desk.tenant.agent
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}/messages"
    for n in range(20):
        await client.post(url, headers=desk.tenant.admin.headers, json={"text": f"before {n}"})

    async def keep_writing() -> None:
        for n in range(40):
            await client.post(url, headers=desk.tenant.admin.headers, json={"text": f"during {n}"})

    writer = asyncio.create_task(keep_writing())
    await asyncio.sleep(0.05)
    sock = await connect("/agent", token=token_of(agent.headers), after=0)
    await writer
    await sock.until(lambda _: len(messages_of(sock, conversation.id)) == 60)
    await asyncio.sleep(0.5)  # anything extra would have arrived by now
    assert len(messages_of(sock, conversation.id)) == 60
    assert sock.seqs() == await _replayed_seqs(client, agent.headers, 0)


async def test_the_widget_catches_up_on_its_own_conversations_only(
    client: httpx.AsyncClient, desk: Desk, connect: Connect
) -> None:
    session = await open_session(client, desk.inbox, name="Ola")
    headers = {"Authorization": f"Bearer {session['contact_token']}"}
    started = await client.post("/widget/conversations", headers=headers, json={"message": "hi"})
    conversation_id = started.json()["conversation"]["id"]
    stranger = await desk.conversation()
    staff = desk.tenant.admin.headers
    for n in range(5):
        await client.post(
            f"/conversations/{conversation_id}/messages", headers=staff, json={"text": f"r{n}"}
        )
        await client.post(
            f"/conversations/{conversation_id}/messages",
            headers=staff,
            json={"kind": "note", "text": f"internal {n}"},
        )
        await client.post(
            f"/conversations/{stranger.id}/messages", headers=staff, json={"text": "not yours"}
        )

    widget = await connect("/widget", contact_token=session["contact_token"], after=0)
    await widget.until(
        lambda got: len(got) >= 6 and got[-1]["data"].get("message", {}).get("text") == "r4"
    )
    await asyncio.sleep(0.3)
    texts = [e["data"]["message"]["text"] for e in widget.of_type("message.created")]
    assert texts == ["hi", "r0", "r1", "r2", "r3", "r4"]
    assert "internal" not in repr(widget.received)
    assert "not yours" not in repr(widget.received)
    assert widget.seqs() == sorted(set(widget.seqs()))


async def test_a_cursor_before_the_retained_events_is_told_to_resync(
    client: httpx.AsyncClient, desk: Desk, connect: Connect
) -> None:
    conversation = await desk.conversation()
    await customer_writes(desk.sessionmaker, conversation.id, "old")
    async with session_scope(desk.sessionmaker) as session:
        await session.execute(
            update(Event)
            .where(Event.account_id == desk.tenant.account.id)
            .values(occurred_at=utcnow() - timedelta(days=400), dispatched_at=utcnow())
        )
        await purge_batch(session, retention_days=30)

    sock = await connect("/agent", token=token_of(desk.tenant.admin.headers), after=0)
    await sock.until(lambda got: any(e["type"] == "resync" for e in got))
    [notice] = sock.of_type("resync")
    assert notice["seq"] is None
    assert notice["data"]["type"] == "/problems/resync-required"
    resume = notice["data"]["last_seq"]
    assert resume >= 1
    await customer_writes(desk.sessionmaker, conversation.id, "new")
    await sock.until(lambda _: len(messages_of(sock, conversation.id)) == 1)
    assert messages_of(sock, conversation.id)[0]["seq"] > resume
