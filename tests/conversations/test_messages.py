import asyncio
import uuid

import httpx

from tests.factories.desk import Desk
from tests.factories.messages import customer_writes


async def test_reply_and_note_are_numbered_and_listed(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    await customer_writes(desk.sessionmaker, conversation.id, "Where is my parcel?")
    url = f"/conversations/{conversation.id}/messages"
    headers = desk.tenant.agent.headers
    reply = await client.post(url, headers=headers, json={"text": "On its way"})
    note = await client.post(url, headers=headers, json={"kind": "note", "text": "check DHL"})
    assert (reply.status_code, note.status_code) == (201, 201)
    assert (reply.json()["seq"], note.json()["seq"]) == (2, 3)
    assert reply.json()["sender_user_id"] == str(desk.tenant.agent.id)
    listed = (await client.get(url, headers=headers)).json()["items"]
    assert [(m["kind"], m["sender_type"]) for m in listed] == [
        ("reply", "contact"),
        ("reply", "user"),
        ("note", "user"),
    ]
    newest = (await client.get(url, headers=headers, params={"order": "desc", "limit": 1})).json()
    assert newest["items"][0]["seq"] == 3
    assert newest["next_cursor"] is not None
    state = (await client.get(f"/conversations/{conversation.id}", headers=headers)).json()
    assert state["last_message_preview"] == "On its way"
    assert state["waiting_since"] is None
    assert state["unread_count"] == 0


async def test_invalid_messages_are_refused(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}/messages"
    headers = desk.tenant.agent.headers
    for body in (
        {"text": ""},
        {"text": "   "},
        {"kind": "system", "text": "x"},
        {"text": "x" * 10_001},
        {"text": "x", "attachment_ids": [str(uuid.uuid4())]},
    ):
        response = await client.post(url, headers=headers, json=body)
        assert response.status_code == 422, body
    assert (await client.get(url, headers=headers)).json()["items"] == []


async def test_staff_reply_takes_over_from_the_bot(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation(bot_active=True)
    response = await client.post(
        f"/conversations/{conversation.id}/messages",
        headers=desk.tenant.agent.headers,
        json={"text": "I'm here"},
    )
    assert response.status_code == 201
    state = (
        await client.get(f"/conversations/{conversation.id}", headers=desk.tenant.agent.headers)
    ).json()
    assert (state["handler"], state["assignee_id"]) == ("user", str(desk.tenant.agent.id))


async def test_twenty_concurrent_retries_make_one_message(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}/messages"
    headers = desk.tenant.agent.headers | {"Idempotency-Key": "retry-7f3a"}
    responses = await asyncio.gather(
        *[client.post(url, headers=headers, json={"text": "Only once"}) for _ in range(20)]
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.text for r in responses}) == 1
    listed = (await client.get(url, headers=desk.tenant.agent.headers)).json()["items"]
    assert [m["text"] for m in listed] == ["Only once"]


async def test_same_key_with_another_body_is_refused(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}/messages"
    headers = desk.tenant.agent.headers | {"Idempotency-Key": "k-1"}
    first = await client.post(url, headers=headers, json={"text": "A"})
    second = await client.post(url, headers=headers, json={"text": "B"})
    assert (first.status_code, second.status_code) == (201, 422)
    assert second.json()["type"] == "/problems/idempotency-key-reused"
    # Keys are per caller: a colleague's identical key is a different request.
    other = await client.post(
        url, headers=desk.tenant.admin.headers | {"Idempotency-Key": "k-1"}, json={"text": "B"}
    )
    assert other.status_code == 201
    assert len((await client.get(url, headers=desk.tenant.agent.headers)).json()["items"]) == 2


async def test_failed_request_does_not_burn_its_key(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}/messages"
    headers = desk.tenant.agent.headers | {"Idempotency-Key": "k-2"}
    bad = await client.post(
        url, headers=headers, json={"text": "x", "attachment_ids": [str(uuid.uuid4())]}
    )
    assert bad.status_code == 422
    good = await client.post(url, headers=headers, json={"text": "x"})
    assert good.status_code == 201


async def test_only_owners_and_admins_whisper(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}/messages"
    whisper = {"kind": "whisper", "text": "offer the refund"}
    refused = await client.post(url, headers=desk.tenant.agent.headers, json=whisper)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    posted = await client.post(url, headers=desk.tenant.admin.headers, json=whisper)
    assert posted.status_code == 201
    assert posted.json()["kind"] == "whisper"
    listed = (await client.get(url, headers=desk.tenant.agent.headers)).json()["items"]
    assert [m["kind"] for m in listed] == ["whisper"]
