import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from arq.worker import Worker
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Availability, Conversation, Inbox, Role, Team, TeamMember
from helpdesk_api.settings import Settings
from helpdesk_api.worker import running_worker
from tests.factories.conversations import make_inbox
from tests.factories.staff import Staff, StaffFactory, Tenant


@pytest.fixture
async def routing_worker(settings: Settings) -> AsyncIterator[Worker]:
    """A real arq worker with the outbox dispatcher, running while the test does."""
    async with running_worker(settings) as worker:
        yield worker


async def eventually(
    check: Callable[[], Awaitable[bool]], *, within: float = 20.0, every: float = 0.05
) -> None:
    """Wait until ``check`` holds (routing happens in the worker, after the request)."""
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(every)


@dataclass
class RoutedTeam:
    tenant: Tenant
    team: Team
    inbox: Inbox
    agents: list[Staff]
    api_headers: dict[str, str]
    sessionmaker: async_sessionmaker[AsyncSession]

    async def conversations(self) -> list[Conversation]:
        async with self.sessionmaker() as session:
            return list(
                (
                    await session.scalars(
                        select(Conversation)
                        .where(Conversation.team_id == self.team.id)
                        .order_by(Conversation.number)
                    )
                ).all()
            )


MakeTeam = Callable[..., Awaitable["RoutedTeam"]]


@pytest.fixture
def routed_team(
    staff_factory: StaffFactory,
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    client: httpx.AsyncClient,
) -> Callable[..., Awaitable[RoutedTeam]]:
    async def make(
        *,
        agents: int = 3,
        capacity: int = 2,
        mode: str = "round_robin",
        availability: Availability = Availability.online,
        channel: str = "api",
        **team_fields: Any,
    ) -> RoutedTeam:
        members = [
            await staff_factory.user(
                tenant.account.id,
                Role.agent,
                max_concurrent=capacity,
                availability=availability.value,
            )
            for _ in range(agents)
        ]
        async with sessionmaker() as session:
            team = Team(
                account_id=tenant.account.id,
                name=f"Routed {uuid.uuid4().hex[:6]}",
                description="",
                routing_mode=mode,
                **team_fields,
            )
            session.add(team)
            await session.flush()
            session.add_all(TeamMember(team_id=team.id, user_id=m.id) for m in members)
            await session.commit()
        inbox = await make_inbox(
            sessionmaker, tenant.account.id, channel=channel, default_team_id=team.id
        )
        token = (
            await client.post(
                "/api-tokens",
                headers=tenant.admin.headers,
                json={"name": "integration", "role": "admin"},
            )
        ).json()["token"]
        return RoutedTeam(
            tenant, team, inbox, members, {"Authorization": f"Bearer {token}"}, sessionmaker
        )

    return make


async def start_conversation(
    client: httpx.AsyncClient, routed: RoutedTeam, n: int = 0
) -> dict[str, Any]:
    """A conversation an integration starts: nobody handles it, so it goes to routing."""
    response = await client.post(
        "/conversations",
        headers=routed.api_headers,
        json={
            "inbox_id": str(routed.inbox.id),
            "contact": {"email": f"customer-{uuid.uuid4().hex[:8]}-{n}@example.com"},
            "message": "Hello, I need help",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()
