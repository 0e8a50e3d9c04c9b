import uuid

import httpx

from helpdesk_api.models import Role
from tests.factories.desk import Desk
from tests.factories.messages import customer_writes
from tests.factories.staff import StaffFactory


async def test_staff_start_conversation_with_new_contact_and_first_reply(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    headers = desk.tenant.agent.headers
    body = {
        "inbox_id": str(desk.inbox.id),
        "contact": {"email": "Nora.New@example.com", "name": "Nora New"},
        "subject": "Your order",
        "message": "Hello Nora, about your order…",
        "linked_item": {"type": "ticket", "external_id": "T-9", "url": "https://t.example/9"},
    }
    response = await client.post("/conversations", headers=headers, json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["contact"]["email"] == "Nora.New@example.com"
    assert created["handler"] == "user"
    assert created["assignee_id"] == str(desk.tenant.agent.id)
    assert created["team_id"] == str(desk.team.id)
    assert created["last_message_preview"] == "Hello Nora, about your order…"
    assert created["unread_count"] == 0
    again = await client.post("/conversations", headers=headers, json=body | {"message": None})
    assert again.json()["contact"]["id"] == created["contact"]["id"]
    assert again.json()["number"] == created["number"] + 1


async def test_create_conversation_validates_references(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk
) -> None:
    headers = desk.tenant.admin.headers
    contact = {"email": "x@example.com"}
    cases = [
        {"inbox_id": str(desk.inbox.id)},
        {"inbox_id": str(desk.inbox.id), "contact": contact, "contact_id": str(uuid.uuid4())},
        {"inbox_id": str(other_desk.inbox.id), "contact": contact},
        {"inbox_id": str(desk.inbox.id), "contact": contact, "team_id": str(other_desk.team.id)},
        {"inbox_id": str(desk.inbox.id), "contact": contact, "priority": "extreme"},
    ]
    for body in cases:
        response = await client.post("/conversations", headers=headers, json=body)
        assert response.status_code == 422, body
    listed = await client.get("/conversations", headers=headers)
    assert listed.json()["items"] == []


async def test_agent_sees_team_assigned_and_followed_conversations_only(
    client: httpx.AsyncClient, desk: Desk, staff_factory: StaffFactory
) -> None:
    agent = desk.tenant.agent
    outsider = await staff_factory.user(desk.tenant.account.id, Role.agent)
    in_team = await desk.conversation()
    elsewhere = await desk.conversation(team_id=None)
    assigned = await desk.conversation(team_id=None, assignee_id=agent.id)
    followed = await desk.conversation(team_id=None)
    await client.put(
        f"/conversations/{followed.id}/followers",
        headers=desk.tenant.admin.headers,
        json={"user_ids": [str(agent.id)]},
    )
    listed = await client.get("/conversations", headers=agent.headers)
    ids = {c["id"] for c in listed.json()["items"]}
    assert ids == {str(in_team.id), str(assigned.id), str(followed.id)}
    assert (
        await client.get(f"/conversations/{elsewhere.id}", headers=agent.headers)
    ).status_code == 404
    admin_ids = {
        c["id"]
        for c in (await client.get("/conversations", headers=desk.tenant.admin.headers)).json()[
            "items"
        ]
    }
    assert str(elsewhere.id) in admin_ids
    assert (await client.get("/conversations", headers=outsider.headers)).json()["items"] == []


async def test_every_conversation_endpoint_hides_other_accounts(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk
) -> None:
    theirs = await other_desk.conversation()
    headers = desk.tenant.owner.headers
    base = f"/conversations/{theirs.id}"
    calls = [
        ("GET", base, None),
        ("PATCH", base, {"priority": "high"}),
        ("POST", f"{base}/status", {"status": "closed"}),
        ("PUT", f"{base}/labels", {"label_ids": []}),
        ("GET", f"{base}/followers", None),
        ("PUT", f"{base}/followers", {"user_ids": []}),
        ("GET", f"{base}/participants", None),
        ("PUT", f"{base}/participants", {"participants": []}),
        ("POST", f"{base}/read", None),
        ("POST", f"{base}/unread", None),
        ("GET", f"{base}/events", None),
        ("GET", f"{base}/messages", None),
        ("POST", f"{base}/messages", {"text": "hi"}),
        (
            "POST",
            "/conversations/bulk",
            {"conversation_ids": [str(theirs.id)], "action": "status", "status": "closed"},
        ),
    ]
    for method, url, body in calls:
        response = await client.request(method, url, headers=headers, json=body)
        assert response.status_code == 404, (method, url, response.text)
    still = await client.get(base, headers=other_desk.tenant.owner.headers)
    assert still.json()["status"] == "open"
    assert still.json()["priority"] == "none"


async def test_patch_changes_priority_and_linked_item_and_logs_it(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}"
    headers = desk.tenant.agent.headers
    response = await client.patch(
        url,
        headers=headers,
        json={"priority": "urgent", "linked_item": {"type": "task", "external_id": "42"}},
    )
    assert response.status_code == 200
    assert response.json()["priority"] == "urgent"
    assert response.json()["linked_item"]["external_id"] == "42"
    unlinked = await client.patch(url, headers=headers, json={"linked_item": None})
    assert unlinked.json()["linked_item"] is None
    for bad in ({"priority": "asap"}, {"linked_item": {"type": ""}}, {"status": "closed"}):
        assert (await client.patch(url, headers=headers, json=bad)).status_code == 422
    timeline = (await client.get(f"{url}/events", headers=headers)).json()["items"]
    assert [e["type"] for e in timeline].count("updated") == 2


async def test_labels_followers_and_participants(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk
) -> None:
    admin = desk.tenant.admin.headers
    label = (
        await client.post("/labels", headers=admin, json={"name": "vip", "color": "#ff0000"})
    ).json()
    foreign = (
        await client.post(
            "/labels",
            headers=other_desk.tenant.admin.headers,
            json={"name": "vip", "color": "#ff0000"},
        )
    ).json()
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}"
    headers = desk.tenant.agent.headers
    labelled = await client.put(f"{url}/labels", headers=headers, json={"label_ids": [label["id"]]})
    assert [lb["name"] for lb in labelled.json()["labels"]] == ["vip"]
    wrong = await client.put(f"{url}/labels", headers=headers, json={"label_ids": [foreign["id"]]})
    assert wrong.status_code == 422
    filtered = await client.get("/conversations", headers=headers, params={"label": "VIP"})
    assert [c["id"] for c in filtered.json()["items"]] == [str(conversation.id)]

    followers = await client.put(
        f"{url}/followers", headers=headers, json={"user_ids": [str(desk.tenant.admin.id)]}
    )
    assert followers.json()["user_ids"] == [str(desk.tenant.admin.id)]
    mine = await client.get("/conversations", headers=admin, params={"following": "true"})
    assert [c["id"] for c in mine.json()["items"]] == [str(conversation.id)]

    cc = await client.put(
        f"{url}/participants",
        headers=headers,
        json={
            "participants": [
                {"email": "Boss@example.com", "name": "Boss"},
                {"email": "boss@example.com"},
            ]
        },
    )
    assert [p["email"].lower() for p in cc.json()["participants"]] == ["boss@example.com"]
    bad = await client.put(
        f"{url}/participants", headers=headers, json={"participants": [{"email": "nope"}]}
    )
    assert bad.status_code == 422
    types = [
        e["type"] for e in (await client.get(f"{url}/events", headers=headers)).json()["items"]
    ]
    assert {"labelled", "followers_changed", "participants_changed"} <= set(types)


async def test_read_markers_count_unread_and_only_move_forward(
    client: httpx.AsyncClient, desk: Desk, sessionmaker: object
) -> None:
    conversation = await desk.conversation()
    for text in ("one", "two", "three"):
        await customer_writes(desk.sessionmaker, conversation.id, text)
    url = f"/conversations/{conversation.id}"
    headers = desk.tenant.agent.headers
    assert (await client.get(url, headers=headers)).json()["unread_count"] == 3
    read = await client.post(f"{url}/read", headers=headers, json={"seq": 2})
    assert read.json() == {
        "conversation_id": str(conversation.id),
        "last_read_seq": 2,
        "unread_count": 1,
    }
    back = await client.post(f"{url}/read", headers=headers, json={"seq": 1})
    assert back.json()["last_read_seq"] == 2
    await client.post(f"{url}/read", headers=headers)
    assert (await client.get(url, headers=headers)).json()["unread_count"] == 0
    unread = await client.post(f"{url}/unread", headers=headers)
    assert unread.json()["unread_count"] == 1
    # Markers are per user.
    assert (await client.get(url, headers=desk.tenant.admin.headers)).json()["unread_count"] == 3


async def test_concurrent_read_markers_keep_the_furthest(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    import asyncio

    conversation = await desk.conversation()
    for i in range(10):
        await customer_writes(desk.sessionmaker, conversation.id, f"m{i}")
    url = f"/conversations/{conversation.id}/read"
    headers = desk.tenant.agent.headers
    responses = await asyncio.gather(
        *[client.post(url, headers=headers, json={"seq": s}) for s in range(1, 11)]
    )
    assert all(r.status_code == 200 for r in responses)
    final = await client.get(f"/conversations/{conversation.id}", headers=headers)
    assert final.json()["unread_count"] == 0


async def test_api_tokens_cannot_hold_read_markers(client: httpx.AsyncClient, desk: Desk) -> None:
    token = (
        await client.post(
            "/api-tokens", headers=desk.tenant.admin.headers, json={"name": "bot", "role": "agent"}
        )
    ).json()["token"]
    conversation = await desk.conversation()
    response = await client.post(
        f"/conversations/{conversation.id}/read", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403


async def test_admin_lists_an_agents_conversations(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk
) -> None:
    agent = desk.tenant.agent
    assigned = await desk.conversation(assignee_id=agent.id)
    await desk.conversation(assignee_id=agent.id, status="closed")
    await desk.conversation()
    url = f"/users/{agent.id}/conversations"
    everything = await client.get(url, headers=desk.tenant.admin.headers)
    assert len(everything.json()["items"]) == 2
    open_only = await client.get(url, headers=desk.tenant.admin.headers, params={"status": "open"})
    assert [c["id"] for c in open_only.json()["items"]] == [str(assigned.id)]
    assert (await client.get(url, headers=agent.headers)).status_code == 403
    foreign = f"/users/{other_desk.tenant.agent.id}/conversations"
    assert (await client.get(foreign, headers=desk.tenant.admin.headers)).status_code == 404
    bad = await client.get(url, headers=desk.tenant.admin.headers, params={"status": "lost"})
    assert bad.status_code == 422


async def test_naive_times_and_null_priority_are_refused_not_crashing(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}"
    headers = desk.tenant.agent.headers
    naive = "2099-01-01T10:00:00"
    assert (
        await client.post(
            f"{url}/status", headers=headers, json={"status": "snoozed", "snoozed_until": naive}
        )
    ).status_code == 422
    assert (
        await client.patch(url, headers=headers, json={"snoozed_until": naive})
    ).status_code == 422
    kept = await client.patch(url, headers=headers, json={"priority": None})
    assert (kept.status_code, kept.json()["priority"]) == (200, "none")


async def test_repeated_reads_leave_one_seen_row(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation()
    await customer_writes(desk.sessionmaker, conversation.id, "hi")
    url = f"/conversations/{conversation.id}"
    for _ in range(3):
        await client.post(f"{url}/read", headers=desk.tenant.agent.headers)
    timeline = (await client.get(f"{url}/events", headers=desk.tenant.agent.headers)).json()
    assert [e["type"] for e in timeline["items"]].count("seen") == 1


async def test_created_and_taken_over_conversations_announce_their_handler(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    created = await client.post(
        "/conversations",
        headers=desk.tenant.agent.headers,
        json={"inbox_id": str(desk.inbox.id), "contact": {"email": "h@example.com"}},
    )
    bot = await desk.conversation(bot_active=True)
    await client.post(
        f"/conversations/{bot.id}/messages",
        headers=desk.tenant.agent.headers,
        json={"text": "taking this"},
    )
    events = (
        await client.get("/events", headers=desk.tenant.admin.headers, params={"limit": 500})
    ).json()["events"]
    first = next(e for e in events if e["type"] == "conversation.created")
    assert first["data"]["conversation"]["handler"] == "user"
    assigned = [e["data"]["conversation"] for e in events if e["type"] == "conversation.assigned"]
    assert [(c["id"], c["assignee_id"]) for c in assigned] == [
        (created.json()["id"], str(desk.tenant.agent.id)),
        (str(bot.id), str(desk.tenant.agent.id)),
    ]


async def test_an_integrations_reply_does_not_take_over_from_the_bot(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    token = (
        await client.post(
            "/api-tokens", headers=desk.tenant.admin.headers, json={"name": "crm", "role": "agent"}
        )
    ).json()["token"]
    bot = await desk.conversation(bot_active=True)
    await client.post(
        f"/conversations/{bot.id}/messages",
        headers={"Authorization": f"Bearer {token}"},
        json={"text": "order shipped"},
    )
    state = (await client.get(f"/conversations/{bot.id}", headers=desk.tenant.admin.headers)).json()
    assert state["handler"] == "bot"
