"""The realtime benchmark's account, and who should hear each of its conversations.

The account is bench/routing.py's (agents spread over teams, a web-chat inbox routing to
each team, every agent online): 1,000 agents in 50 teams of 20, of whom the first is made
the owner and the second an admin (they see every conversation). ``--conversations``
customers each open a widget conversation through the public API, in the inboxes in turn,
and the real worker routes it to an agent of that inbox's team. More agents, in no team,
are added for the idle-socket count.

Who hears a conversation's ``message.created`` is then read back from the database: the
agents of its team, its assignee, the owner and the admin, and its customer's widget.
"""

import argparse
import asyncio
import time
import uuid
from dataclasses import dataclass

import httpx
from sqlalchemy import func, select, text

from bench.generate import prepare_database
from bench.routing import create_account
from helpdesk_api.auth.tokens import create_access_token
from helpdesk_api.db import create_engine, create_sessionmaker, migrate
from helpdesk_api.models import Account, Conversation, Role, TeamMember, User

API = "/api/v1"
TOKEN_TTL_SECONDS = 6 * 3600
ROUTED_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class Room:
    """A conversation: who posts in it and which sockets must hear it."""

    id: str
    agent_token: str  # its assignee's
    contact_token: str
    #: Socket numbers of the staff who see it (agents are sockets 0…agents-1).
    staff: frozenset[int]
    #: The socket number of its customer's widget.
    widget: int

    @property
    def audience(self) -> frozenset[int]:
        return self.staff | {self.widget}


@dataclass(frozen=True)
class Plan:
    account_id: uuid.UUID
    #: An access token per staff user, in socket order (the team agents first).
    tokens: list[str]
    agents: int
    rooms: list[Room]


async def create_staff(database_url: str, args: argparse.Namespace) -> list[str]:
    """The routing benchmark's account, an owner and an admin among its agents, and agents
    without a team up to ``--idle-sockets``; returns the inboxes' widget keys."""
    team_agents = argparse.Namespace(agents=args.agents, teams=args.teams, capacity=20)
    keys = await create_account(database_url, team_agents)
    engine = create_engine(database_url)
    async with create_sessionmaker(engine)() as session:
        staff = list(await session.scalars(select(User).order_by(User.email)))
        staff[0].role, staff[1].role = Role.owner.value, Role.admin.value
        session.add_all(
            User(
                account_id=staff[0].account_id,
                email=f"idle{n:05}-{uuid.uuid4().hex[:6]}@realtime.example",
                name=f"Idle {n:05}",
                password_hash="-",
                role=Role.agent.value,
                availability="online",
                notification_preferences={},
                is_active=True,
            )
            for n in range(len(staff), args.idle_sockets)
        )
        await session.commit()
    await engine.dispose()
    return keys


async def open_conversations(base_url: str, keys: list[str], count: int) -> dict[str, str]:
    """``count`` widget conversations over the inboxes in turn; returns conversation id →
    its customer's contact token."""
    opened: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=base_url + API, timeout=30) as client:
        for n in range(count):
            session = await client.post(f"/widget/{keys[n % len(keys)]}/sessions", json={})
            session.raise_for_status()
            token = session.json()["contact_token"]
            started = await client.post(
                "/widget/conversations",
                headers={"Authorization": f"Bearer {token}"},
                json={"message": f"Hello, I have question number {n}"},
            )
            started.raise_for_status()
            opened[started.json()["conversation"]["id"]] = token
    return opened


async def wait_routed(database_url: str, count: int) -> None:
    engine = create_engine(database_url)
    try:
        deadline = time.monotonic() + ROUTED_TIMEOUT_SECONDS
        async with engine.connect() as connection:
            while True:
                routed = await connection.scalar(
                    select(func.count(Conversation.id)).where(Conversation.assignee_id.is_not(None))
                )
                if routed == count:
                    return
                if time.monotonic() > deadline:
                    raise SystemExit(f"only {routed} of {count} conversations were routed")
                await asyncio.sleep(0.5)
    finally:
        await engine.dispose()


async def analyze(database_url: str) -> None:
    """Statistics, as a database in service has them: without, PostgreSQL plans the
    audience query of fan-out as if every table had one row."""
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM (ANALYZE)"))
    await engine.dispose()


async def read_plan(
    database_url: str, secret_key: str, opened: dict[str, str], agents: int
) -> Plan:
    engine = create_engine(database_url)
    async with create_sessionmaker(engine)() as session:
        account_id = await session.scalar(select(Account.id))
        assert account_id is not None
        users = list(await session.scalars(select(User.id).order_by(User.email)))
        socket_of = {user_id: n for n, user_id in enumerate(users)}
        supervisors = {
            socket_of[u]
            for u in await session.scalars(
                select(User.id).where(User.role.in_([Role.owner.value, Role.admin.value]))
            )
        }
        members: dict[uuid.UUID, set[int]] = {}
        for team_id, user_id in await session.execute(
            select(TeamMember.team_id, TeamMember.user_id)
        ):
            members.setdefault(team_id, set()).add(socket_of[user_id])
        conversations = (
            await session.execute(
                select(Conversation.id, Conversation.team_id, Conversation.assignee_id).where(
                    Conversation.id.in_([uuid.UUID(c) for c in opened])
                )
            )
        ).all()
    await engine.dispose()
    tokens = [create_access_token(secret_key, u, account_id, TOKEN_TTL_SECONDS) for u in users]
    order = {conversation_id: n for n, conversation_id in enumerate(opened)}
    rooms = []
    for n, (conversation_id, team_id, assignee_id) in enumerate(
        sorted(conversations, key=lambda c: order[str(c.id)])
    ):
        assert team_id is not None
        assert assignee_id is not None
        staff = frozenset(members[team_id] | supervisors | {socket_of[assignee_id]})
        rooms.append(
            Room(
                id=str(conversation_id),
                agent_token=tokens[socket_of[assignee_id]],
                contact_token=opened[str(conversation_id)],
                staff=staff,
                widget=agents + n,
            )
        )
    return Plan(account_id, tokens, agents, rooms)


async def prepare(database_url: str, args: argparse.Namespace) -> list[str]:
    """A fresh, migrated database with the staff; returns the widget keys."""
    await prepare_database(database_url, fresh=True)
    await asyncio.to_thread(migrate, database_url)
    return await create_staff(database_url, args)
