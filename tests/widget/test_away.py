"""The away message: sent to a customer who writes while the inbox or its team is closed."""

from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.db import session_scope
from helpdesk_api.inboxes.away import reply_if_away
from helpdesk_api.models import Conversation, Team
from tests.factories.desk import make_desk
from tests.factories.staff import Tenant
from tests.widget.conftest import Site, start, visitor, widget_messages

Sessionmaker = async_sessionmaker[AsyncSession]

AWAY = "We are closed now; we answer from 9 tomorrow."
CLOSED = {"timezone": "UTC", "days": {}}
OPEN = {
    "timezone": "UTC",
    "days": {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}
OFFICE = {"timezone": "UTC", "days": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]}}


async def write(
    client: httpx.AsyncClient, headers: dict[str, str], conversation_id: object, text: str
) -> None:
    response = await client.post(
        f"/widget/conversations/{conversation_id}/messages", headers=headers, json={"text": text}
    )
    assert response.status_code == 201, response.text


def texts(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(m["sender_type"], m["text"]) for m in messages]


async def test_sent_once_while_closed_even_if_the_customer_writes_twice(
    client: httpx.AsyncClient, site: Site
) -> None:
    inbox = await site.other_inbox(away_message=AWAY, working_hours=CLOSED)
    headers = await visitor(client, inbox)
    response = await client.post("/widget/conversations", headers=headers, json={"message": "Hi"})
    assert response.status_code == 201, response.text
    assert texts(response.json()["messages"]) == [("contact", "Hi"), ("system", AWAY)]
    conversation_id = response.json()["conversation"]["id"]
    await write(client, headers, conversation_id, "Anyone there?")
    await write(client, headers, conversation_id, "Hello?")
    listed = await widget_messages(client, headers, conversation_id)
    assert texts(listed) == [
        ("contact", "Hi"),
        ("system", AWAY),
        ("contact", "Anyone there?"),
        ("contact", "Hello?"),
    ]
    staff = await client.get(f"/conversations/{conversation_id}/messages", headers=site.staff)
    away = staff.json()["items"][1]
    assert (away["kind"], away["sender_type"], away["text"]) == ("system", "system", AWAY)
    # The away message answers nobody: the customer is still waiting.
    conversation = await client.get(f"/conversations/{conversation_id}", headers=site.staff)
    assert conversation.json()["last_message_preview"] == "Hello?"


async def test_away_message_comes_before_the_auto_reply(
    client: httpx.AsyncClient, site: Site
) -> None:
    inbox = await site.other_inbox(
        away_message=AWAY, auto_reply="Thanks for writing!", working_hours=CLOSED
    )
    response = await client.post(
        "/widget/conversations", headers=await visitor(client, inbox), json={"message": "Hi"}
    )
    assert texts(response.json()["messages"]) == [
        ("contact", "Hi"),
        ("system", AWAY),
        ("system", "Thanks for writing!"),
    ]


async def test_not_sent_while_open_or_without_an_away_message(
    client: httpx.AsyncClient, site: Site
) -> None:
    for fields in (
        {"away_message": AWAY, "working_hours": OPEN},
        {"away_message": AWAY, "working_hours": None},
        {"away_message": "  ", "working_hours": CLOSED},
        {"away_message": "", "working_hours": CLOSED},
    ):
        inbox = await site.other_inbox(**fields)
        headers = await visitor(client, inbox)
        conversation = await start(client, headers, "Hi")
        await write(client, headers, conversation["id"], "More")
        listed = await widget_messages(client, headers, conversation["id"])
        assert texts(listed) == [("contact", "Hi"), ("contact", "More")], fields


async def test_sent_when_the_conversations_team_is_closed(
    client: httpx.AsyncClient, sessionmaker: Sessionmaker, tenant: Tenant
) -> None:
    desk = await make_desk(sessionmaker, tenant, away_message=AWAY, working_hours=OPEN)
    headers = await visitor(client, desk.inbox)
    conversation = await start(client, headers, "Hi")
    assert texts(await widget_messages(client, headers, conversation["id"])) == [("contact", "Hi")]
    async with sessionmaker() as session:
        await session.execute(
            update(Team).where(Team.id == desk.team.id).values(working_hours=CLOSED)
        )
        await session.commit()
    await write(client, headers, conversation["id"], "Still there?")
    assert texts(await widget_messages(client, headers, conversation["id"]))[-1] == (
        "system",
        AWAY,
    )


async def away_at(sessionmaker: Sessionmaker, conversation_id: object, now: datetime) -> bool:
    """Whether the away message is sent for a customer message at ``now``."""
    async with session_scope(sessionmaker) as session:
        conversation = await session.get_one(Conversation, conversation_id, with_for_update=True)
        return await reply_if_away(session, conversation, now) is not None


async def test_sent_once_per_closed_period(sessionmaker: Sessionmaker, tenant: Tenant) -> None:
    desk = await make_desk(sessionmaker, tenant, away_message=AWAY, working_hours=OFFICE)
    conversation = await desk.conversation()
    sent = [
        await away_at(sessionmaker, conversation.id, datetime(2030, 1, day, hour, tzinfo=UTC))
        for day, hour in (
            (7, 7),  # Monday, closed since Tuesday before at 17:00: sent
            (7, 8),  # the same closed period
            (7, 10),  # open
            (7, 18),  # closed since 17:00, a new period: sent again
            (8, 7),  # Tuesday morning: still the night's closed period
            (8, 17),  # Tuesday's closing: sent again
        )
    ]
    assert sent == [True, False, False, True, False, True]
    async with sessionmaker() as session:
        found = await session.get_one(Conversation, conversation.id)
    assert found.away_replied_at == datetime(2030, 1, 8, 17, tzinfo=UTC)
