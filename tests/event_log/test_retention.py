"""Old events are purged; a client replaying from before them is told to resync."""

from datetime import timedelta

import httpx
from sqlalchemy import select, update

from helpdesk_api.db import session_scope
from helpdesk_api.event_log.service import purge_batch
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Account, Event
from tests.factories.desk import Desk
from tests.factories.messages import customer_writes


async def test_a_cursor_before_the_purged_events_gets_resync(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    headers = desk.tenant.admin.headers
    conversation = await desk.conversation()
    for n in range(3):
        await customer_writes(desk.sessionmaker, conversation.id, f"old {n}")
    account_id = desk.tenant.account.id
    async with session_scope(desk.sessionmaker) as session:
        old = await session.scalar(select(Account.event_seq).where(Account.id == account_id))
        await session.execute(
            update(Event)
            .where(Event.account_id == account_id)
            .values(occurred_at=utcnow() - timedelta(days=31), dispatched_at=utcnow())
        )
    await customer_writes(desk.sessionmaker, conversation.id, "new")
    async with session_scope(desk.sessionmaker) as session:
        assert await purge_batch(session, retention_days=30) >= 1
    async with desk.sessionmaker() as session:
        horizon = await session.scalar(
            select(Account.events_purged_through).where(Account.id == account_id)
        )
        kept = (
            await session.scalars(select(Event.seq).where(Event.account_id == account_id))
        ).all()
    assert horizon == old
    assert min(kept) == old + 1

    gone = await client.get("/events", headers=headers, params={"after": old - 1})
    assert gone.status_code == 410
    assert gone.headers["content-type"] == "application/problem+json"
    assert gone.json()["type"] == "/problems/resync-required"
    resumed = await client.get("/events", headers=headers, params={"after": old})
    assert resumed.status_code == 200
    assert [e["data"]["message"]["text"] for e in resumed.json()["events"]] == ["new"]
