import asyncio
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import ReportFact
from helpdesk_api.settings import Settings
from helpdesk_api.worker import running_worker
from tests.factories.desk import Desk
from tests.factories.messages import customer_writes


async def set_status(
    client: httpx.AsyncClient, desk: Desk, conversation_id: object, **body: object
) -> httpx.Response:
    return await client.post(
        f"/conversations/{conversation_id}/status", headers=desk.tenant.agent.headers, json=body
    )


async def facts(
    sessionmaker: async_sessionmaker[AsyncSession], conversation_id: object
) -> list[tuple[str, float | None]]:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(ReportFact.kind, ReportFact.duration_seconds)
            .where(ReportFact.conversation_id == conversation_id)
            .order_by(ReportFact.id)
        )
        return [(kind, duration) for kind, duration in rows]


async def test_close_reopen_archive_cycle_with_timeline(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    closed = await set_status(client, desk, conversation.id, status="closed")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"] is not None
    assert (await set_status(client, desk, conversation.id, status="closed")).status_code == 200
    reopened = await set_status(client, desk, conversation.id, status="open")
    assert (reopened.json()["status"], reopened.json()["closed_at"]) == ("open", None)
    archived = await set_status(client, desk, conversation.id, status="archived")
    assert archived.json()["status"] == "archived"
    timeline = (
        await client.get(
            f"/conversations/{conversation.id}/events", headers=desk.tenant.agent.headers
        )
    ).json()["items"]
    changes = [
        (e["data"]["old"], e["data"]["new"]) for e in timeline if e["type"] == "status_changed"
    ]
    assert changes == [("open", "closed"), ("closed", "open"), ("open", "archived")]
    assert [k for k, _ in await facts(desk.sessionmaker, conversation.id)] == [
        "resolved",
        "reopened",
        "resolved",
    ]


async def test_invalid_transitions_and_snoozes_change_nothing(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    await set_status(client, desk, conversation.id, status="closed")
    past = (utcnow() - timedelta(minutes=5)).isoformat()
    future = (utcnow() + timedelta(hours=1)).isoformat()
    bad = [
        {"status": "snoozed", "snoozed_until": future},  # closed cannot snooze
        {"status": "open", "snoozed_until": future},
        {"status": "sleeping"},
    ]
    for body in bad:
        assert (await set_status(client, desk, conversation.id, **body)).status_code == 422, body
    other = await desk.conversation()
    for body in ({"status": "snoozed"}, {"status": "snoozed", "snoozed_until": past}):
        assert (await set_status(client, desk, other.id, **body)).status_code == 422, body
    state = await client.get(f"/conversations/{conversation.id}", headers=desk.tenant.agent.headers)
    assert state.json()["status"] == "closed"


async def test_customer_message_reopens_closed_conversation_and_resets_for_bot(
    client: httpx.AsyncClient, desk: Desk, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    from tests.factories.conversations import make_inbox

    bot_inbox = await make_inbox(sessionmaker, desk.tenant.account.id, bot_enabled=True)
    conversation = await desk.conversation(
        inbox=bot_inbox, bot_active=False, assignee_id=desk.tenant.agent.id
    )
    await set_status(client, desk, conversation.id, status="closed")
    await customer_writes(sessionmaker, conversation.id, "Hello again")
    state = (
        await client.get(f"/conversations/{conversation.id}", headers=desk.tenant.admin.headers)
    ).json()
    assert state["status"] == "open"
    assert state["handler"] == "bot"
    assert state["waiting_since"] is not None


async def test_first_response_is_measured_again_after_a_reopen(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}/messages"
    headers = desk.tenant.agent.headers
    await customer_writes(desk.sessionmaker, conversation.id, "first question")
    await customer_writes(desk.sessionmaker, conversation.id, "still there?")
    await client.post(url, headers=headers, json={"text": "Yes!"})
    await customer_writes(desk.sessionmaker, conversation.id, "thanks, one more")
    await client.post(url, headers=headers, json={"kind": "note", "text": "internal"})
    await client.post(url, headers=headers, json={"text": "Sure"})
    await set_status(client, desk, conversation.id, status="closed")
    await customer_writes(desk.sessionmaker, conversation.id, "it broke again")
    await client.post(url, headers=headers, json={"text": "Looking"})
    kinds = [k for k, _ in await facts(desk.sessionmaker, conversation.id)]
    assert kinds == ["first_response", "response", "resolved", "reopened", "first_response"]
    assert all(
        d is not None and d >= 0
        for k, d in await facts(desk.sessionmaker, conversation.id)
        if k != "reopened"
    )


async def test_snoozed_conversation_wakes_up_through_a_real_worker(
    client: httpx.AsyncClient, desk: Desk, settings: Settings
) -> None:
    conversation = await desk.conversation()
    until = utcnow() + timedelta(seconds=2)
    snoozed = await set_status(
        client, desk, conversation.id, status="snoozed", snoozed_until=until.isoformat()
    )
    assert snoozed.json()["status"] == "snoozed"
    async with running_worker(settings):
        status = "snoozed"
        for _ in range(60):
            await asyncio.sleep(0.25)
            status = (
                await client.get(
                    f"/conversations/{conversation.id}", headers=desk.tenant.agent.headers
                )
            ).json()["status"]
            if status == "open":
                break
    assert status == "open"
    assert utcnow() >= until
    events = (
        await client.get(
            f"/conversations/{conversation.id}/events", headers=desk.tenant.agent.headers
        )
    ).json()["items"]
    assert events[-1]["actor_type"] == "system"
