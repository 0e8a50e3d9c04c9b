import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import (
    Conversation,
    ConversationStatus,
    Message,
    MessageKind,
    Role,
    SenderType,
    Team,
    TeamMember,
)
from tests.api_tokens.test_router import bearer, create_token
from tests.factories.desk import Desk, make_desk
from tests.factories.staff import Staff, StaffFactory
from tests.test_errors import problem

Sessionmaker = async_sessionmaker[AsyncSession]
OPEN, SNOOZED, CLOSED = (
    ConversationStatus.open.value,
    ConversationStatus.snoozed.value,
    ConversationStatus.closed.value,
)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


async def wrote(
    sessionmaker: Sessionmaker,
    conversation: Conversation,
    when: datetime,
    *,
    user_id: uuid.UUID | None = None,
    kind: MessageKind = MessageKind.reply,
) -> None:
    """A message at the end of ``conversation`` written at ``when``, by the user or else by
    the conversation's contact."""
    async with sessionmaker() as session:
        seq = await session.scalar(
            update(Conversation)
            .where(Conversation.id == conversation.id)
            .values(last_message_seq=Conversation.last_message_seq + 1)
            .returning(Conversation.last_message_seq)
        )
        session.add(
            Message(
                account_id=conversation.account_id,
                conversation_id=conversation.id,
                seq=seq,
                kind=kind.value,
                sender_type=(SenderType.user if user_id else SenderType.contact).value,
                sender_user_id=user_id,
                sender_contact_id=None if user_id else conversation.contact_id,
                text="hello",
                extra={},
                created_at=when,
            )
        )
        await session.commit()


async def overview(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get("/overview/agents", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def team_with(sessionmaker: Sessionmaker, desk: Desk, name: str, *members: Staff) -> Team:
    async with sessionmaker() as session:
        team = Team(
            account_id=desk.tenant.account.id, name=name, description="", routing_mode="least_busy"
        )
        session.add(team)
        await session.flush()
        session.add_all(TeamMember(team_id=team.id, user_id=m.id) for m in members)
        await session.commit()
    return team


async def test_every_figure_of_every_active_user_and_team(
    client: httpx.AsyncClient,
    desk: Desk,
    other_desk: Desk,
    staff_factory: StaffFactory,
    sessionmaker: Sessionmaker,
) -> None:
    tenant, agent = desk.tenant, desk.tenant.agent
    account = tenant.account.id
    zero = await staff_factory.user(account, Role.agent, max_concurrent=0, availability="online")
    gone = await staff_factory.user(account, Role.agent, is_active=False)
    night = await team_with(sessionmaker, desk, "Night shift", zero, agent)

    # The agent: three open conversations, two of them waiting; others not open.
    # ``first`` was answered once and waits again; the other waiting one never was.
    first = await desk.conversation(
        assignee_id=agent.id, waiting_since=at(10), first_response_pending=False
    )
    await desk.conversation(assignee_id=agent.id, waiting_since=at(30))
    replied = await desk.conversation(assignee_id=agent.id)
    await desk.conversation(
        assignee_id=agent.id,
        status=SNOOZED,
        snoozed_until=at(60 * 24 * 365),
        waiting_since=at(1),
    )
    await desk.conversation(assignee_id=agent.id, status=CLOSED, waiting_since=at(2))
    await desk.conversation(assignee_id=zero.id, waiting_since=at(45))
    await desk.conversation(assignee_id=gone.id, waiting_since=at(3))

    # Messages: the agent's last one is a note in a conversation not theirs.
    unassigned = await desk.conversation()
    await wrote(sessionmaker, first, at(5), user_id=agent.id)
    await wrote(sessionmaker, replied, at(20), user_id=agent.id)
    await wrote(sessionmaker, unassigned, at(25), user_id=agent.id, kind=MessageKind.note)
    await wrote(sessionmaker, replied, at(90))  # the customer's
    await wrote(sessionmaker, first, at(40), user_id=tenant.admin.id)

    # Queues: only open conversations with queued_at count.
    for minutes, status in ((7, OPEN), (4, OPEN), (9, OPEN), (1, CLOSED)):
        fields: dict[str, Any] = {"status": status, "queued_at": at(minutes)}
        await desk.conversation(**fields)
    await desk.conversation(team_id=night.id)

    # Another account: its rows are never counted, not even when they name our ids.
    stranger = other_desk.tenant.agent
    await other_desk.conversation(assignee_id=stranger.id, waiting_since=at(0))
    await other_desk.conversation(assignee_id=agent.id, waiting_since=at(0), team_id=desk.team.id)
    await other_desk.conversation(team_id=desk.team.id, queued_at=at(0))
    await other_desk.conversation(queued_at=at(0))
    await wrote(sessionmaker, await other_desk.conversation(), at(999), user_id=stranger.id)

    body = await overview(client, tenant.admin.headers)
    assert set(body) == {"agents", "teams", "generated_at"}
    assert abs(time(body["generated_at"]) - datetime.now(UTC)) < timedelta(minutes=1)  # type: ignore[operator]
    people = [tenant.owner, tenant.admin, agent, zero]
    people.sort(key=lambda s: (s.user.name.lower(), str(s.id)))
    assert [a["id"] for a in body["agents"]] == [str(s.id) for s in people]
    agents = {a["id"]: a for a in body["agents"]}
    for staff in people:
        assert set(agents[str(staff.id)]) == {
            "id", "name", "role", "availability", "max_concurrent", "open", "waiting",
            "unanswered", "snoozed", "capacity_use", "oldest_waiting_since", "last_activity_at",
            "team_ids",
        }  # fmt: skip

    mine = agents[str(agent.id)]
    assert (mine["name"], mine["role"], mine["availability"]) == (
        agent.user.name,
        "agent",
        "offline",
    )
    assert (mine["max_concurrent"], mine["open"], mine["waiting"], mine["unanswered"]) == (
        5,
        3,
        2,
        1,
    )
    assert mine["snoozed"] == 1
    assert mine["capacity_use"] == pytest.approx(0.8)  # open and snoozed count
    assert time(mine["oldest_waiting_since"]) == at(10)
    assert time(mine["last_activity_at"]) == at(25)
    assert sorted(mine["team_ids"]) == sorted([str(desk.team.id), str(night.id)])

    full = agents[str(zero.id)]
    assert (full["availability"], full["max_concurrent"], full["open"], full["waiting"]) == (
        "online", 0, 1, 1
    )  # fmt: skip
    assert (full["capacity_use"], time(full["oldest_waiting_since"])) == (None, at(45))
    assert (full["last_activity_at"], full["team_ids"]) == (None, [str(night.id)])

    admin = agents[str(tenant.admin.id)]
    assert (admin["role"], admin["open"], admin["waiting"], admin["unanswered"]) == (
        "admin", 0, 0, 0
    )  # fmt: skip
    assert (admin["capacity_use"], admin["oldest_waiting_since"]) == (0.0, None)
    assert (time(admin["last_activity_at"]), admin["team_ids"]) == (at(40), [])
    owner = agents[str(tenant.owner.id)]
    assert (owner["role"], owner["open"], owner["last_activity_at"]) == ("owner", 0, None)

    teams = body["teams"]
    expected = sorted([desk.team, night], key=lambda t: (t.name.lower(), str(t.id)))
    assert [t["id"] for t in teams] == [str(t.id) for t in expected]
    queues = {t["id"]: t for t in teams}
    support = queues[str(desk.team.id)]
    assert (support["name"], support["routing_mode"], support["queued"]) == (
        desk.team.name, "manual", 3
    )  # fmt: skip
    assert time(support["oldest_queued_at"]) == at(4)
    assert queues[str(night.id)] == {
        "id": str(night.id),
        "name": "Night shift",
        "routing_mode": "least_busy",
        "queued": 0,
        "oldest_queued_at": None,
    }


async def test_owner_and_admin_tokens_read_it_agents_do_not(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    tenant = desk.tenant
    await desk.conversation(assignee_id=tenant.agent.id)
    admin_token = bearer((await create_token(client, tenant, role="admin"))["token"])
    for headers in (tenant.owner.headers, tenant.admin.headers, admin_token):
        mine = {a["id"]: a for a in (await overview(client, headers))["agents"]}
        assert mine[str(tenant.agent.id)]["open"] == 1
    agent_token = bearer((await create_token(client, tenant, role="agent"))["token"])
    for headers in (tenant.agent.headers, agent_token):
        problem(await client.get("/overview/agents", headers=headers), 403)
    problem(await client.get("/overview/agents"), 401)


async def test_an_empty_account_has_only_its_staff(
    client: httpx.AsyncClient, staff_factory: StaffFactory, sessionmaker: Sessionmaker
) -> None:
    tenant = await staff_factory.tenant("Quiet")
    body = await overview(client, tenant.owner.headers)
    assert body["teams"] == []
    assert {a["id"] for a in body["agents"]} == {
        str(s.id) for s in (tenant.owner, tenant.admin, tenant.agent)
    }
    assert all(
        (a["open"], a["waiting"], a["unanswered"], a["capacity_use"], a["team_ids"])
        == (0, 0, 0, 0.0, [])
        for a in body["agents"]
    )
    desk = await make_desk(sessionmaker, tenant)
    [team] = (await overview(client, tenant.owner.headers))["teams"]
    assert (team["id"], team["queued"], team["oldest_queued_at"]) == (str(desk.team.id), 0, None)
