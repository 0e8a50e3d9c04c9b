import asyncio
from datetime import timedelta

import httpx
import pytest

from helpdesk_api.conversations import listing
from helpdesk_api.kit.clock import utcnow
from tests.factories.conversations import make_contact, make_inbox
from tests.factories.desk import Desk
from tests.factories.messages import customer_writes


async def ids(client: httpx.AsyncClient, headers: dict[str, str], **params: object) -> list[str]:
    response = await client.get("/conversations", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


async def test_filters_by_status_assignee_team_inbox_channel_rating(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    agent, admin = desk.tenant.agent, desk.tenant.admin.headers
    api_inbox = await make_inbox(desk.sessionmaker, desk.tenant.account.id, channel="api")
    mine = await desk.conversation(assignee_id=agent.id)
    bot = await desk.conversation(bot_active=True)
    unassigned = await desk.conversation()
    closed = await desk.conversation(status="closed", rating=5, assignee_id=desk.tenant.owner.id)
    via_api = await desk.conversation(inbox=api_inbox, team_id=None)
    assert await ids(client, admin, status="closed") == [str(closed.id)]
    assert set(await ids(client, admin, status=["open", "closed"])) == {
        str(c.id) for c in (mine, bot, unassigned, closed, via_api)
    }
    assert await ids(client, agent.headers, assignee="me") == [str(mine.id)]
    assert await ids(client, admin, assignee="bot") == [str(bot.id)]
    assert set(await ids(client, admin, assignee="unassigned")) == {
        str(unassigned.id),
        str(via_api.id),
    }
    assert await ids(client, admin, assignee=str(desk.tenant.owner.id)) == [str(closed.id)]
    assert await ids(client, admin, inbox_id=str(api_inbox.id)) == [str(via_api.id)]
    assert await ids(client, admin, channel="api") == [str(via_api.id)]
    assert str(via_api.id) not in await ids(client, admin, team_id=str(desk.team.id))
    assert await ids(client, admin, rating=5) == [str(closed.id)]
    for bad in (
        {"assignee": "nobody"},
        {"rating": 6},
        {"status": "gone"},
        {"sort": "random"},
        {"channel": "fax"},
        {"team_id": "x"},
    ):
        response = await client.get("/conversations", headers=admin, params=bad)
        assert response.status_code == 422, bad


async def test_unanswered_and_waiting_sort(client: httpx.AsyncClient, desk: Desk) -> None:
    admin = desk.tenant.admin.headers
    older, newer, answered = [await desk.conversation() for _ in range(3)]
    for conversation in (older, newer, answered):
        await customer_writes(desk.sessionmaker, conversation.id, "hello?")
    await client.post(f"/conversations/{answered.id}/messages", headers=admin, json={"text": "hi"})
    assert set(await ids(client, admin, unanswered="true")) == {str(older.id), str(newer.id)}
    assert await ids(client, admin, sort="waiting") == [str(older.id), str(newer.id)]


async def test_search_by_contact_name_email_prefix_and_message_text(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    admin = desk.tenant.admin.headers
    annabel = await make_contact(
        desk.sessionmaker,
        desk.tenant.account.id,
        name="Annabel Kowalska",
        email="annabel.k@shop.example",
    )
    by_name = await desk.conversation(contact=annabel)
    by_text = await desk.conversation()
    await customer_writes(desk.sessionmaker, by_text.id, "De bestelling is beschadigd aangekomen")
    await desk.conversation()
    assert await ids(client, admin, q="anna") == [str(by_name.id)]
    assert await ids(client, admin, q="KOWAL") == [str(by_name.id)]
    assert await ids(client, admin, q="annabel.k@sh") == [str(by_name.id)]
    assert await ids(client, admin, q="beschadig") == [str(by_text.id)]
    assert await ids(client, admin, q="bestelling beschadigd") == [str(by_text.id)]
    assert await ids(client, admin, q="nothing-like-this") == []
    assert await ids(client, admin, q="&|!:*()") == []


async def test_notes_are_searchable_by_staff_only_through_visibility(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    hidden = await desk.conversation(team_id=None)
    await client.post(
        f"/conversations/{hidden.id}/messages",
        headers=desk.tenant.admin.headers,
        json={"kind": "note", "text": "refund approved zebra"},
    )
    assert await ids(client, desk.tenant.admin.headers, q="zebra") == [str(hidden.id)]
    assert await ids(client, desk.tenant.agent.headers, q="zebra") == []


async def test_stream_sort_groups_mine_other_unassigned_bot_closed(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    agent = desk.tenant.agent
    now = utcnow()
    closed = await desk.conversation(status="closed", last_activity_at=now)
    bot = await desk.conversation(bot_active=True, last_activity_at=now - timedelta(minutes=1))
    unassigned = await desk.conversation(last_activity_at=now - timedelta(minutes=2))
    other = await desk.conversation(
        assignee_id=desk.tenant.admin.id, last_activity_at=now - timedelta(minutes=3)
    )
    mine_old = await desk.conversation(
        assignee_id=agent.id, last_activity_at=now - timedelta(minutes=5)
    )
    mine_new = await desk.conversation(
        assignee_id=agent.id, last_activity_at=now - timedelta(minutes=4)
    )
    expected = [mine_new, mine_old, other, unassigned, bot, closed]
    assert await ids(client, agent.headers, sort="stream") == [str(c.id) for c in expected]
    paged: list[str] = []
    cursor = None
    while True:
        params = {"sort": "stream", "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/conversations", headers=agent.headers, params=params)).json()
        paged += [c["id"] for c in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert paged == [str(c.id) for c in expected]


async def test_pagination_neither_skips_nor_repeats_under_concurrent_inserts(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    admin = desk.tenant.admin.headers
    base = utcnow() - timedelta(days=1)
    originals = [
        await desk.conversation(last_activity_at=base - timedelta(seconds=i % 3)) for i in range(12)
    ]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 5, "sort": "created"} | ({"cursor": cursor} if cursor else {})
        response, *_ = await asyncio.gather(
            client.get("/conversations", headers=admin, params=params),
            desk.conversation(),
            desk.conversation(),
        )
        page = response.json()
        seen += [c["id"] for c in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert len(seen) == len(set(seen))
    assert {str(c.id) for c in originals} <= set(seen)


async def test_bulk_status_and_labels_all_or_nothing(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk
) -> None:
    admin = desk.tenant.admin.headers
    label = (
        await client.post("/labels", headers=admin, json={"name": "bulk", "color": "#00ff00"})
    ).json()
    mine = [await desk.conversation() for _ in range(3)]
    theirs = await other_desk.conversation()
    body = {"conversation_ids": [str(c.id) for c in mine], "action": "status", "status": "closed"}
    refused = await client.post(
        "/conversations/bulk",
        headers=admin,
        json=body | {"conversation_ids": [*body["conversation_ids"], str(theirs.id)]},
    )
    assert refused.status_code == 404
    assert await ids(client, admin, status="closed") == []
    done = await client.post("/conversations/bulk", headers=admin, json=body)
    assert done.json() == {"updated": 3}
    labelled = await client.post(
        "/conversations/bulk",
        headers=admin,
        json={
            "conversation_ids": [str(mine[0].id)],
            "action": "add_labels",
            "label_ids": [label["id"]],
        },
    )
    assert labelled.status_code == 200
    assert await ids(client, admin, label="bulk") == [str(mine[0].id)]
    for bad in (
        {"conversation_ids": [], "action": "status", "status": "closed"},
        {"conversation_ids": [str(mine[0].id)], "action": "status"},
        {"conversation_ids": [str(mine[0].id)], "action": "add_labels"},
        {"conversation_ids": [str(mine[0].id)], "action": "explode"},
    ):
        assert (
            await client.post("/conversations/bulk", headers=admin, json=bad)
        ).status_code == 422


async def test_search_matching_contacts_and_messages_pages_in_every_sort(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    agent = desk.tenant.agent.headers
    kowalski = await make_contact(desk.sessionmaker, desk.tenant.account.id, name="Jan Kowalski")
    by_contact = await desk.conversation(contact=kowalski, assignee_id=desk.tenant.agent.id)
    by_text = await desk.conversation(status="closed")
    bot = await desk.conversation(bot_active=True)
    await customer_writes(desk.sessionmaker, by_text.id, "Pan Kowalski dzwonił")
    await customer_writes(desk.sessionmaker, bot.id, "kowalski again")
    await desk.conversation()
    expected = {str(c.id) for c in (by_contact, by_text, bot)}
    for sort in ("last_activity", "created", "stream"):
        seen: list[str] = []
        cursor = None
        while True:
            params = {"q": "kowalsk", "sort": sort, "limit": 1} | (
                {"cursor": cursor} if cursor else {}
            )
            page = (await client.get("/conversations", headers=agent, params=params)).json()
            seen += [c["id"] for c in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert len(seen) == len(set(seen)) == 3, sort
        assert set(seen) == expected, sort
    stream = await ids(client, agent, q="kowalsk", sort="stream")
    # The customer's message reopened the closed one: unassigned now, ahead of the bot's.
    assert stream == [str(by_contact.id), str(by_text.id), str(bot.id)]
    assert await ids(client, agent, q="kowalsk", sort="waiting") == [str(by_text.id), str(bot.id)]


@pytest.mark.parametrize("id_list_limit", [2, 1000])
async def test_search_finds_every_match_whether_listed_or_walked(
    client: httpx.AsyncClient, desk: Desk, monkeypatch: pytest.MonkeyPatch, id_list_limit: int
) -> None:
    """Past ``ID_LIST_LIMIT`` matching rows, search walks the sort index instead of
    listing ids; both ways must find the same conversations."""
    monkeypatch.setattr(listing, "ID_LIST_LIMIT", id_list_limit)
    chatty = [await desk.conversation() for _ in range(3)]
    for conversation in chatty:
        for _ in range(2):
            await customer_writes(desk.sessionmaker, conversation.id, "reklamacja zamówienia")
    fan = await make_contact(desk.sessionmaker, desk.tenant.account.id, name="Reklamacja Fan")
    by_name = await desk.conversation(contact=fan)
    await desk.conversation()
    expected = {str(c.id) for c in (*chatty, by_name)}
    for sort in ("last_activity", "stream"):
        found = await ids(client, desk.tenant.admin.headers, q="reklam", sort=sort)
        assert set(found) == expected, sort
        assert len(found) == len(expected), sort
