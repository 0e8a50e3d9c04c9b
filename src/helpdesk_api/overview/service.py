"""The per-agent overview for owners and admins: who is available, how loaded, and how long
customers and team queues have been waiting; and every colleague's load for everyone."""

from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.overview import schemas
from helpdesk_api.overview.repository import OverviewRepository


def _agent(row: Row[Any]) -> schemas.AgentLoad:
    use = (row.open + row.snoozed) / row.max_concurrent if row.max_concurrent else None
    return schemas.AgentLoad.model_validate(
        {**row._mapping, "capacity_use": use, "team_ids": row.team_ids or []}
    )


class OverviewService:
    async def agents(self, session: AsyncSession, subject: Subject) -> schemas.AgentsOverview:
        """Every active user's load and every team's queue (owners, admins, admin tokens).

        Read in two statements, so a figure may be a moment older than ``generated_at``
        or the other list; never a query per agent."""
        policies.require_admin(subject)
        generated_at = utcnow()
        repository = OverviewRepository(session)
        agents = await repository.agent_loads(subject.account_id)
        teams = await repository.team_queues(subject.account_id)
        return schemas.AgentsOverview(
            agents=[_agent(row) for row in agents],
            teams=[schemas.TeamQueue.model_validate(dict(row._mapping)) for row in teams],
            generated_at=generated_at,
        )

    async def loads(self, session: AsyncSession, subject: Subject) -> schemas.ColleagueLoads:
        """Every active colleague's availability and load, for anyone who hands
        conversations on: every role and API token may read it."""
        rows = await OverviewRepository(session).agent_loads(subject.account_id)
        return schemas.ColleagueLoads(
            items=[
                schemas.ColleagueLoad(
                    id=row.id,
                    name=row.name,
                    availability=row.availability,
                    load=row.open + row.snoozed,
                    max_concurrent=row.max_concurrent,
                )
                for row in rows
            ]
        )


overview_service = OverviewService()
