"""A tenant set up to handle conversations: a team with the agent in it and an inbox."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Conversation, Inbox, Team, TeamMember
from tests.factories.conversations import make_conversation, make_inbox
from tests.factories.staff import Tenant


@dataclass
class Desk:
    """A tenant with a support team (the agent is in it) and a web-chat inbox."""

    tenant: Tenant
    team: Team
    inbox: Inbox
    sessionmaker: async_sessionmaker[AsyncSession]

    async def conversation(self, **fields: object) -> Conversation:
        fields.setdefault("team_id", self.team.id)
        fields.setdefault("inbox", self.inbox)
        return await make_conversation(self.sessionmaker, self.tenant.account.id, **fields)  # type: ignore[arg-type]


async def make_desk(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant, **inbox_fields: Any
) -> Desk:
    """``inbox_fields`` override columns of the desk's inbox (greeting, bot_enabled …)."""
    async with sessionmaker() as session:
        team = Team(
            account_id=tenant.account.id,
            name=f"Support {uuid.uuid4().hex[:6]}",
            description="",
            routing_mode="manual",
        )
        session.add(team)
        await session.flush()
        session.add(TeamMember(team_id=team.id, user_id=tenant.agent.id))
        await session.commit()
    inbox = await make_inbox(
        sessionmaker, tenant.account.id, default_team_id=team.id, **inbox_fields
    )
    return Desk(tenant, team, inbox, sessionmaker)
