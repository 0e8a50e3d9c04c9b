import asyncio
import uuid

import httpx

from tests.test_errors import problem
from tests.widget.conftest import Site, signed, start, visitor, widget_messages

CONVERSATION_FIELDS = {
    "id",
    "number",
    "status",
    "last_message_preview",
    "created_at",
    "last_activity_at",
    "rating",
    "rating_comment",
    "seen_up_to_seq",
    "queue_position",
}
MESSAGE_FIELDS = {
    "id",
    "conversation_id",
    "seq",
    "sender_type",
    "sender_name",
    "text",
    "attachments",
    "created_at",
}


async def _close(client: httpx.AsyncClient, site: Site, conversation_id: object) -> None:
    response = await client.post(
        f"/conversations/{conversation_id}/status", headers=site.staff, json={"status": "closed"}
    )
    assert response.status_code == 200, response.text


async def test_anonymous_visitor_talks_with_an_agent(client: httpx.AsyncClient, site: Site) -> None:
    headers = await visitor(client, site.inbox)
    response = await client.post(
        "/widget/conversations", headers=headers, json={"message": "My order is late"}
    )
    assert response.status_code == 201, response.text
    conversation, [first] = response.json()["conversation"], response.json()["messages"]
    assert set(conversation) == CONVERSATION_FIELDS
    assert conversation["status"] == "open"
    assert set(first) == MESSAGE_FIELDS
    assert (first["sender_type"], first["text"], first["seq"]) == ("contact", "My order is late", 1)
    staff_url = f"/conversations/{conversation['id']}/messages"
    reply = await client.post(staff_url, headers=site.staff, json={"text": "Checking now"})
    assert reply.status_code == 201, reply.text
    answer = await client.post(
        f"/widget/conversations/{conversation['id']}/messages",
        headers=headers,
        json={"text": "Thanks!"},
    )
    assert answer.status_code == 201
    assert answer.json()["seq"] == 3
    listed = await widget_messages(client, headers, conversation["id"])
    assert [(m["sender_type"], m["sender_name"], m["text"]) for m in listed] == [
        ("contact", None, "My order is late"),
        ("user", site.tenant.agent.user.name, "Checking now"),
        ("contact", None, "Thanks!"),
    ]
    assert site.tenant.agent.email not in str(listed)
    staff_view = (await client.get(staff_url, headers=site.staff)).json()["items"]
    assert [m["text"] for m in staff_view] == [m["text"] for m in listed]
    newest = await client.get(
        f"/widget/conversations/{conversation['id']}/messages",
        headers=headers,
        params={"order": "desc", "limit": 2},
    )
    assert [m["seq"] for m in newest.json()["items"]] == [3, 2]
    assert newest.json()["next_cursor"] is not None


async def test_auto_reply_follows_the_first_message(client: httpx.AsyncClient, site: Site) -> None:
    inbox = await site.other_inbox(auto_reply="We usually answer within an hour.")
    headers = await visitor(client, inbox)
    response = await client.post("/widget/conversations", headers=headers, json={"message": "Hi"})
    messages = response.json()["messages"]
    assert [(m["sender_type"], m["text"]) for m in messages] == [
        ("contact", "Hi"),
        ("system", "We usually answer within an hour."),
    ]
    listed = await widget_messages(client, headers, response.json()["conversation"]["id"])
    assert [m["id"] for m in listed] == [m["id"] for m in messages]


async def test_conversations_list_is_newest_activity_first_and_paginated(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = await visitor(client, site.inbox)
    ids = [(await start(client, headers, f"question {i}"))["id"] for i in range(3)]
    await client.post(
        f"/widget/conversations/{ids[0]}/messages", headers=headers, json={"text": "any news?"}
    )
    first = await client.get("/widget/conversations", headers=headers, params={"limit": 2})
    assert [c["id"] for c in first.json()["items"]] == [ids[0], ids[2]]
    rest = await client.get(
        "/widget/conversations",
        headers=headers,
        params={"limit": 2, "cursor": first.json()["next_cursor"]},
    )
    assert [c["id"] for c in rest.json()["items"]] == [ids[1]]
    assert rest.json()["next_cursor"] is None
    assert first.json()["items"][0]["last_message_preview"] == "any news?"
    other = await visitor(client, site.inbox)
    assert (await client.get("/widget/conversations", headers=other)).json()["items"] == []


async def test_notes_never_reach_the_widget(client: httpx.AsyncClient, site: Site) -> None:
    headers = await visitor(client, site.inbox)
    conversation = await start(client, headers, "Can I get a refund?")
    staff_url = f"/conversations/{conversation['id']}/messages"
    note = await client.post(
        staff_url, headers=site.staff, json={"kind": "note", "text": "SECRET: refuse politely"}
    )
    assert note.status_code == 201, note.text
    listed = await widget_messages(client, headers, conversation["id"])
    assert [m["text"] for m in listed] == ["Can I get a refund?"]
    conversations = await client.get("/widget/conversations", headers=headers)
    assert "SECRET" not in conversations.text
    assert conversations.json()["items"][0]["last_message_preview"] == "Can I get a refund?"
    reply = await client.post(
        f"/widget/conversations/{conversation['id']}/messages", headers=headers, json={"text": "?"}
    )
    assert "SECRET" not in reply.text
    staff_kinds = [
        m["kind"] for m in (await client.get(staff_url, headers=site.staff)).json()["items"]
    ]
    assert staff_kinds == ["reply", "note", "reply"]


async def test_other_visitors_and_accounts_get_404(
    client: httpx.AsyncClient, site: Site, other_site: Site
) -> None:
    mine = await visitor(client, site.inbox)
    theirs = await start(client, await visitor(client, site.inbox))
    foreign = await start(client, await visitor(client, other_site.inbox))
    identifier = f"cust-{uuid.uuid4().hex[:6]}"
    other_inbox = await site.other_inbox()
    same_contact_elsewhere = await start(
        client,
        await visitor(
            client,
            other_inbox,
            identifier=identifier,
            identifier_hash=signed(other_inbox, identifier),
        ),
    )
    identified_here = await visitor(
        client, site.inbox, identifier=identifier, identifier_hash=signed(site.inbox, identifier)
    )
    cases = [(mine, theirs), (mine, foreign), (identified_here, same_contact_elsewhere)]
    for headers, conversation in cases:
        url = f"/widget/conversations/{conversation['id']}"
        responses = [
            await client.get(f"{url}/messages", headers=headers),
            await client.post(f"{url}/messages", headers=headers, json={"text": "hijack"}),
            await client.post(f"{url}/rating", headers=headers, json={"rating": 1}),
            await client.post(f"{url}/read", headers=headers, json={"seq": 1}),
        ]
        assert [r.status_code for r in responses] == [404] * 4
    listed = await client.get("/widget/conversations", headers=identified_here)
    assert listed.json()["items"] == []
    unknown = await client.get(f"/widget/conversations/{uuid.uuid4()}/messages", headers=mine)
    problem(unknown, 404)
    staff = await client.get(f"/conversations/{theirs['id']}/messages", headers=site.staff)
    assert [m["text"] for m in staff.json()["items"]] == ["Hello, I need help"]


async def test_customer_reply_reopens_a_closed_conversation(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = await visitor(client, site.inbox)
    conversation = await start(client, headers)
    await _close(client, site, conversation["id"])
    listed = (await client.get("/widget/conversations", headers=headers)).json()["items"]
    assert listed[0]["status"] == "closed"
    response = await client.post(
        f"/widget/conversations/{conversation['id']}/messages",
        headers=headers,
        json={"text": "It happened again"},
    )
    assert response.status_code == 201, response.text
    listed = (await client.get("/widget/conversations", headers=headers)).json()["items"]
    assert listed[0]["status"] == "open"
    staff = await client.get(f"/conversations/{conversation['id']}", headers=site.staff)
    assert staff.json()["status"] == "open"
    assert staff.json()["waiting_since"] is not None


async def test_rating_only_once_closed_and_rating_again_replaces_it(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = await visitor(client, site.inbox)
    conversation = await start(client, headers)
    url = f"/widget/conversations/{conversation['id']}/rating"
    early = await client.post(url, headers=headers, json={"rating": 5})
    assert problem(early, 422)["type"] == "/problems/not-closed"
    await _close(client, site, conversation["id"])
    for body in (
        {"rating": 0},
        {"rating": 6},
        {"rating": "great"},
        {},
        {"rating": 3, "comment": "x" * 2001},
    ):
        assert problem(await client.post(url, headers=headers, json=body), 422)["errors"], body
    rated = await client.post(url, headers=headers, json={"rating": 4, "comment": "Quick help"})
    assert rated.status_code == 200, rated.text
    assert (rated.json()["rating"], rated.json()["rating_comment"]) == (4, "Quick help")
    again = await client.post(url, headers=headers, json={"rating": 2})
    assert (again.json()["rating"], again.json()["rating_comment"]) == (2, None)
    staff = await client.get(f"/conversations/{conversation['id']}", headers=site.staff)
    assert staff.json()["rating"] == 2
    events = await client.get(f"/conversations/{conversation['id']}/events", headers=site.staff)
    assert [e for e in events.json()["items"] if e["type"] == "rated"]


async def test_invalid_messages_are_refused_and_change_nothing(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = await visitor(client, site.inbox)
    bodies = [
        {},
        {"message": ""},
        {"message": "   "},
        {"message": "x" * 10_001},
        {"message": "hi", "kind": "note"},
        {"message": "hi", "attachment_ids": ["nope"]},
        {"message": "hi", "attachment_ids": [str(uuid.uuid4())]},
    ]
    for body in bodies:
        response = await client.post("/widget/conversations", headers=headers, json=body)
        assert problem(response, 422)["errors"], body
    assert (await client.get("/widget/conversations", headers=headers)).json()["items"] == []
    conversation = await start(client, headers)
    url = f"/widget/conversations/{conversation['id']}/messages"
    for body in (
        {"text": ""},
        {"text": "x" * 10_001},
        {"text": "x", "kind": "note"},
        {"text": "x", "attachment_ids": [str(uuid.uuid4())]},
    ):
        assert problem(await client.post(url, headers=headers, json=body), 422)["errors"], body
    assert len(await widget_messages(client, headers, conversation["id"])) == 1
    bad_cursor = await client.get(url, headers=headers, params={"cursor": "garbage"})
    problem(bad_cursor, 422)


async def test_twenty_concurrent_retries_post_one_message(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = await visitor(client, site.inbox)
    conversation = await start(client, headers)
    url = f"/widget/conversations/{conversation['id']}/messages"
    keyed = headers | {"Idempotency-Key": f"retry-{uuid.uuid4()}"}
    responses = await asyncio.gather(
        *(client.post(url, headers=keyed, json={"text": "Are you there?"}) for _ in range(20))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert [m["text"] for m in await widget_messages(client, headers, conversation["id"])] == [
        "Hello, I need help",
        "Are you there?",
    ]
    other_body = await client.post(url, headers=keyed, json={"text": "Something else"})
    assert problem(other_body, 422)["type"] == "/problems/idempotency-key-reused"
    other_visitor = await visitor(client, site.inbox)
    mine_only = await client.post(
        url,
        headers=other_visitor | {"Idempotency-Key": keyed["Idempotency-Key"]},
        json={"text": "Are you there?"},
    )
    problem(mine_only, 404)


async def test_concurrent_retries_open_one_conversation(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = await visitor(client, site.inbox) | {"Idempotency-Key": str(uuid.uuid4())}
    responses = await asyncio.gather(
        *(
            client.post("/widget/conversations", headers=headers, json={"message": "Hi"})
            for _ in range(10)
        )
    )
    assert {r.status_code for r in responses} == {201}
    listed = (await client.get("/widget/conversations", headers=headers)).json()["items"]
    assert [c["id"] for c in listed] == [responses[0].json()["conversation"]["id"]]


async def test_a_snoozed_conversation_looks_open_to_the_customer(
    client: httpx.AsyncClient, site: Site
) -> None:
    from datetime import timedelta

    from helpdesk_api.kit.clock import utcnow

    headers = await visitor(client, site.inbox)
    started = await client.post("/widget/conversations", headers=headers, json={"message": "hi"})
    conversation_id = started.json()["conversation"]["id"]
    snoozed = await client.post(
        f"/conversations/{conversation_id}/status",
        headers=site.staff,
        json={"status": "snoozed", "snoozed_until": (utcnow() + timedelta(hours=1)).isoformat()},
    )
    assert snoozed.json()["status"] == "snoozed"
    listed = await client.get("/widget/conversations", headers=headers)
    assert listed.json()["items"][0]["status"] == "open"
