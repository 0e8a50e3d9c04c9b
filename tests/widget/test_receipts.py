"""Read receipts both ways, and what the widget's events are made of."""

import asyncio

import httpx
from sqlalchemy import select

from helpdesk_api.models import Event
from tests.widget.conftest import Site, start, visitor


async def test_seen_both_ways(client: httpx.AsyncClient, site: Site) -> None:
    headers = await visitor(client, site.inbox)
    conversation = await start(client, headers, "Is the shop open on Sunday?")
    staff_url = f"/conversations/{conversation['id']}"
    assert (await client.post(f"{staff_url}/read", headers=site.staff, json={})).status_code == 200
    [mine] = (await client.get("/widget/conversations", headers=headers)).json()["items"]
    assert mine["seen_up_to_seq"] == 1

    reply = await client.post(f"{staff_url}/messages", headers=site.staff, json={"text": "Yes"})
    assert reply.status_code == 201
    read_url = f"/widget/conversations/{conversation['id']}/read"
    # Concurrent and out-of-order markers keep the furthest one.
    marks = await asyncio.gather(
        *(client.post(read_url, headers=headers, json={"seq": seq}) for seq in (2, 1, 2, 0))
    )
    assert [m.status_code for m in marks] == [200] * 4
    assert (await client.get(staff_url, headers=site.staff)).json()["contact_read_seq"] == 2
    beyond = await client.post(read_url, headers=headers, json={"seq": 99})
    assert beyond.json()["last_read_seq"] == 2
    assert (await client.post(read_url, headers=headers, json={"seq": -1})).status_code == 422
    unauthenticated = await client.post(read_url, json={"seq": 1})
    assert unauthenticated.status_code == 401
    staff_token = await client.post(read_url, headers=site.staff, json={"seq": 1})
    assert staff_token.status_code == 401  # a staff token is not a contact token


async def test_events_say_what_was_committed(client: httpx.AsyncClient, site: Site) -> None:
    headers = await visitor(client, site.inbox)
    conversation = await start(client, headers)
    staff = (await client.get(f"/conversations/{conversation['id']}", headers=site.staff)).json()
    async with site.sessionmaker() as session:
        rows = (
            await session.execute(
                select(Event.type, Event.data, Event.widget_data)
                .where(Event.conversation_id == staff["id"])
                .order_by(Event.seq)
            )
        ).all()
    created = next(r for r in rows if r.type == "conversation.created")
    assert created.data["conversation"]["handler"] == staff["handler"]
    assert created.data["conversation"]["assignee_id"] == staff["assignee_id"]
    for row in rows:
        if row.widget_data is None:
            continue
        shown = repr(row.widget_data)
        for internal in ("assignee_id", "team_id", "priority", "linked_item", "sender_user_id"):
            assert internal not in shown, (row.type, internal)
    message = next(r for r in rows if r.type == "message.created")
    assert message.widget_data["message"]["text"] == "Hello, I need help"
    assert message.widget_data["conversation"]["id"] == staff["id"]
