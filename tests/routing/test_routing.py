import asyncio
import contextlib
import uuid
from collections import Counter
from datetime import timedelta

import httpx
from arq.worker import Worker
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.jobs import ArqJobQueue
from helpdesk_api.models import Availability, Conversation, Event, User
from helpdesk_api.routing import dispatcher, service, tasks
from helpdesk_api.settings import Settings
from helpdesk_api.worker import create_job_pool
from tests.factories.conversations import make_conversation
from tests.routing.conftest import MakeTeam, RoutedTeam, eventually, start_conversation


async def _assigned(routed: RoutedTeam) -> list[Conversation]:
    return [c for c in await routed.conversations() if c.assignee_id is not None]


async def test_a_hundred_concurrent_conversations_fill_capacity_exactly_and_queue_the_rest(
    client: httpx.AsyncClient, routed_team: MakeTeam, routing_worker: Worker
) -> None:
    routed = await routed_team(agents=3, capacity=2)
    await asyncio.gather(*(start_conversation(client, routed, n) for n in range(100)))

    async def settled() -> bool:
        return len(await _assigned(routed)) == 6

    await eventually(settled)
    await asyncio.sleep(0.5)  # any wrongly queued extra job would have run by now
    conversations = await routed.conversations()
    loads = Counter(c.assignee_id for c in conversations if c.assignee_id)
    assert sorted(loads.values()) == [2, 2, 2]
    assert set(loads) == {a.id for a in routed.agents}

    listed = (
        await client.get(
            "/conversations",
            headers=routed.tenant.admin.headers,
            params={"team_id": str(routed.team.id), "assignee": "unassigned", "limit": 100},
        )
    ).json()["items"]
    assert sorted(c["queue_position"] for c in listed) == list(range(1, 95))
    head = min(listed, key=lambda c: c["queue_position"])

    # Closing one frees its agent, who gets the head of the queue.
    closing = next(c for c in conversations if c.assignee_id == routed.agents[0].id)
    response = await client.post(
        f"/conversations/{closing.id}/status",
        headers=routed.tenant.admin.headers,
        json={"status": "closed"},
    )
    assert response.status_code == 200

    async def head_routed() -> bool:
        got = await client.get(f"/conversations/{head['id']}", headers=routed.tenant.admin.headers)
        return got.json()["assignee_id"] == str(routed.agents[0].id)

    await eventually(head_routed)
    explained = (
        await client.get(
            f"/conversations/{head['id']}/routing", headers=routed.tenant.admin.headers
        )
    ).json()
    assert explained["outcome"] == "assigned"
    assert explained["chosen_user_id"] == str(routed.agents[0].id)
    assert {c["user_id"] for c in explained["candidates"]} == {str(a.id) for a in routed.agents}
    assert [
        c["eligible"]
        for c in explained["candidates"]
        if c["user_id"] != explained["chosen_user_id"]
    ] == [False, False]
    second = min((c for c in listed if c["id"] != head["id"]), key=lambda c: c["queue_position"])
    waiting = (
        await client.get(
            f"/conversations/{second['id']}/routing", headers=routed.tenant.admin.headers
        )
    ).json()
    assert waiting["outcome"] == "queued"
    assert waiting["queue_position"] == 1
    assert all("capacity" in c["reason"] for c in waiting["candidates"])


async def test_least_busy_goes_to_the_lightest_load_not_the_longest_waiting(
    client: httpx.AsyncClient,
    routed_team: MakeTeam,
    routing_worker: Worker,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    routed = await routed_team(agents=2, capacity=5, mode="least_busy")
    busy, free = routed.agents
    # Round robin would pick ``busy`` (waiting longest since an assignment); least busy
    # must pick ``free``, who handles nothing.
    async with sessionmaker() as session:
        await session.execute(
            update(User)
            .where(User.id == busy.id)
            .values(last_assigned_at=utcnow() - timedelta(hours=5))
        )
        await session.execute(
            update(User).where(User.id == free.id).values(last_assigned_at=utcnow())
        )
        await session.commit()
    for _ in range(2):
        await make_conversation(
            sessionmaker, routed.tenant.account.id, assignee_id=busy.id, team_id=routed.team.id
        )
    started = await start_conversation(client, routed)
    await eventually(lambda: _handled(client, routed, started["id"]))
    got = await client.get(f"/conversations/{started['id']}", headers=routed.tenant.admin.headers)
    assert got.json()["assignee_id"] == str(free.id)
    explained = (
        await client.get(
            f"/conversations/{started['id']}/routing", headers=routed.tenant.admin.headers
        )
    ).json()
    assert explained["reason"].startswith("least busy")
    loads = {c["user_id"]: c["load"] for c in explained["candidates"]}
    assert loads == {str(busy.id): 2, str(free.id): 0}


async def _handled(client: httpx.AsyncClient, routed: RoutedTeam, conversation_id: str) -> bool:
    got = await client.get(f"/conversations/{conversation_id}", headers=routed.tenant.admin.headers)
    return got.json()["assignee_id"] is not None


async def test_the_queue_drains_when_an_agent_comes_online_or_gets_more_capacity(
    client: httpx.AsyncClient, routed_team: MakeTeam, routing_worker: Worker
) -> None:
    routed = await routed_team(agents=1, capacity=1, availability=Availability.offline)
    agent = routed.agents[0]
    started = [await start_conversation(client, routed, n) for n in range(3)]
    await asyncio.sleep(0.3)
    assert await _assigned(routed) == []

    response = await client.patch("/me", headers=agent.headers, json={"availability": "online"})
    assert response.status_code == 200
    await eventually(lambda: _handled(client, routed, started[0]["id"]))
    assert len(await _assigned(routed)) == 1

    response = await client.patch(
        f"/users/{agent.id}", headers=routed.tenant.admin.headers, json={"max_concurrent": 3}
    )
    assert response.status_code == 200

    async def all_routed() -> bool:
        return len(await _assigned(routed)) == 3

    await eventually(all_routed)


async def test_a_deactivated_agents_conversations_go_back_to_routing(
    client: httpx.AsyncClient, routed_team: MakeTeam, routing_worker: Worker
) -> None:
    routed = await routed_team(agents=2, capacity=5)
    leaving, staying = routed.agents
    await client.patch(
        f"/users/{staying.id}", headers=routed.tenant.admin.headers, json={"max_concurrent": 0}
    )
    started = [await start_conversation(client, routed, n) for n in range(2)]
    for conversation in started:
        await eventually(lambda c=conversation: _handled(client, routed, c["id"]))
    await client.patch(
        f"/users/{staying.id}", headers=routed.tenant.admin.headers, json={"max_concurrent": 5}
    )
    response = await client.delete(f"/users/{leaving.id}", headers=routed.tenant.admin.headers)
    assert response.status_code == 200

    async def moved() -> bool:
        rows = await routed.conversations()
        return all(c.assignee_id == staying.id for c in rows)

    await eventually(moved)
    timeline = (
        await client.get(
            f"/conversations/{started[0]['id']}/events", headers=routed.tenant.admin.headers
        )
    ).json()["items"]
    released = next(e for e in timeline if e["type"] == "released")
    assert "deactivated" in released["data"]["reason"]
    assert [e["type"] for e in timeline][-1] == "routed"


async def test_a_crash_between_commit_and_enqueue_loses_nothing_and_a_job_run_twice_assigns_once(
    client: httpx.AsyncClient,
    routed_team: MakeTeam,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    routed = await routed_team(agents=1, capacity=1)
    started = await start_conversation(client, routed)

    class Crash(Exception):
        pass

    class CrashingQueue:
        async def enqueue(self, *args: object, **kwargs: object) -> None:
            raise Crash  # the process dies after the commit, before any job is queued

    with contextlib.suppress(Crash):
        await dispatcher.dispatch_once(sessionmaker, CrashingQueue())
    async with sessionmaker() as session:
        left = await session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.conversation_id == uuid.UUID(started["id"]), Event.dispatched_at.is_(None))
        )
    assert left  # still undispatched: the next dispatcher picks them up

    pool = await create_job_pool(settings)
    try:
        await dispatcher.dispatch_once(sessionmaker, ArqJobQueue(pool))
    finally:
        await pool.aclose()
    # The job runs (here twice, as after a crash between enqueue and marking): one assignment.
    assert await service.drain(sessionmaker, routed.team.id) == 1
    assert await service.drain(sessionmaker, routed.team.id) == 0
    rows = await routed.conversations()
    assert [c.assignee_id for c in rows] == [routed.agents[0].id]
    timeline = (
        await client.get(
            f"/conversations/{started['id']}/events", headers=routed.tenant.admin.headers
        )
    ).json()["items"]
    assert [e["type"] for e in timeline].count("routed") == 1


async def test_unanswered_conversations_are_reassigned_but_never_back(
    client: httpx.AsyncClient,
    routed_team: MakeTeam,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    routed = await routed_team(agents=2, capacity=3, reassign_after_minutes=10)
    first_agent, second_agent = routed.agents
    async with sessionmaker() as session:  # only the first one is there at first
        await session.execute(
            update(User).where(User.id == second_agent.id).values(availability=Availability.offline)
        )
        await session.commit()
    started = await start_conversation(client, routed)
    async with sessionmaker() as session:
        await session.execute(
            update(Conversation)
            .where(Conversation.id == uuid.UUID(started["id"]))
            .values(waiting_since=utcnow(), last_staff_message_at=None)
        )
        await session.commit()
    assert await service.drain(sessionmaker, routed.team.id) == 1
    later = utcnow() + timedelta(minutes=11)
    assert await tasks.reassign_unanswered(sessionmaker, later) >= 1  # other tests' too
    # Nobody else is online: it waits rather than going back to the first agent.
    assert await service.drain(sessionmaker, routed.team.id) == 0
    async with sessionmaker() as session:
        await session.execute(
            update(User).where(User.id == second_agent.id).values(availability="online")
        )
        await session.commit()
    assert await service.drain(sessionmaker, routed.team.id) == 1
    [conversation] = await routed.conversations()
    assert conversation.assignee_id == second_agent.id
    assert conversation.past_assignee_ids == [first_agent.id]


async def test_the_widget_shows_the_customer_their_place_in_the_queue(
    client: httpx.AsyncClient, routed_team: MakeTeam, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    routed = await routed_team(agents=1, capacity=0, channel="web_chat")
    positions = []
    for n in range(3):
        visitor = await client.post(f"/widget/{routed.inbox.widget_key}/sessions", json={})
        token = visitor.json()["contact_token"]
        headers = {"Authorization": f"Bearer {token}"}
        started = await client.post(
            "/widget/conversations", headers=headers, json={"message": f"hello {n}"}
        )
        assert started.status_code == 201, started.text
        listed = (await client.get("/widget/conversations", headers=headers)).json()["items"]
        positions.append(listed[0]["queue_position"])
    assert positions == [1, 2, 3]


async def test_admins_are_routed_conversations_only_once_they_opt_in(
    client: httpx.AsyncClient,
    routed_team: MakeTeam,
    routing_worker: Worker,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    routed = await routed_team(agents=0)
    admin = routed.tenant.admin
    await client.put(
        f"/teams/{routed.team.id}/members",
        headers=admin.headers,
        json={"user_ids": [str(admin.id)]},
    )
    await client.patch("/me", headers=admin.headers, json={"availability": "online"})
    started = await start_conversation(client, routed)
    await asyncio.sleep(0.5)
    explained = (
        await client.get(f"/conversations/{started['id']}/routing", headers=admin.headers)
    ).json()
    assert explained["outcome"] == "queued"
    assert "opt in" in explained["candidates"][0]["reason"]

    response = await client.patch("/me", headers=admin.headers, json={"auto_assign": True})
    assert response.json()["auto_assign"] is True
    await eventually(lambda: _handled(client, routed, started["id"]))


async def test_a_customer_writing_into_a_closed_conversation_sends_it_back_to_routing(
    client: httpx.AsyncClient,
    routed_team: MakeTeam,
    routing_worker: Worker,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    routed = await routed_team(agents=1, capacity=3, channel="web_chat")
    visitor = await client.post(f"/widget/{routed.inbox.widget_key}/sessions", json={})
    headers = {"Authorization": f"Bearer {visitor.json()['contact_token']}"}
    started = (
        await client.post("/widget/conversations", headers=headers, json={"message": "hi"})
    ).json()["conversation"]
    await eventually(lambda: _handled(client, routed, started["id"]))
    admin = routed.tenant.admin.headers
    await client.post(
        f"/conversations/{started['id']}/status", headers=admin, json={"status": "closed"}
    )
    response = await client.post(
        f"/widget/conversations/{started['id']}/messages",
        headers=headers,
        json={"text": "one more thing"},
    )
    assert response.status_code == 201, response.text

    async def rerouted() -> bool:
        events = await client.get(f"/conversations/{started['id']}/events", headers=admin)
        return [e["type"] for e in events.json()["items"]].count("routed") == 2

    await eventually(rerouted)
    got = (await client.get(f"/conversations/{started['id']}", headers=admin)).json()
    assert (got["status"], got["assignee_id"]) == ("open", str(routed.agents[0].id))


async def test_a_head_only_its_past_assignee_could_take_does_not_hold_up_the_queue(
    client: httpx.AsyncClient,
    routed_team: MakeTeam,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    routed = await routed_team(agents=1, capacity=3, reassign_after_minutes=10)
    [agent] = routed.agents
    first = await start_conversation(client, routed, 1)
    async with sessionmaker() as session:
        await session.execute(
            update(Conversation)
            .where(Conversation.id == uuid.UUID(first["id"]))
            .values(waiting_since=utcnow(), last_staff_message_at=None)
        )
        await session.commit()
    assert await service.drain(sessionmaker, routed.team.id) == 1
    later = utcnow() + timedelta(minutes=11)
    assert await tasks.reassign_unanswered(sessionmaker, later) >= 1  # other tests' too
    second = await start_conversation(client, routed, 2)

    # The first waits ahead of the second, but only for someone other than the agent.
    assert await service.drain(sessionmaker, routed.team.id) == 1
    by_id = {str(c.id): c for c in await routed.conversations()}
    assert by_id[second["id"]].assignee_id == agent.id
    assert by_id[first["id"]].assignee_id is None
    admin = routed.tenant.admin.headers
    explained = (await client.get(f"/conversations/{first['id']}/routing", headers=admin)).json()
    assert (explained["outcome"], explained["queue_position"]) == ("queued", 1)
    assert explained["candidates"][0]["reason"].startswith("it was taken from them")
