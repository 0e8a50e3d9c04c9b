"""Team helpers take the subject: a team id of another account has no members and no
conversations."""

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.auth.subject import Subject
from helpdesk_api.models import Team, TeamMember
from helpdesk_api.teams.repository import TeamRepository
from tests.factories.conversations import make_conversation
from tests.factories.staff import Tenant

Sessionmaker = async_sessionmaker[AsyncSession]


async def _busy_team(sessionmaker: Sessionmaker, tenant: Tenant) -> Team:
    """A team with the tenant's agent in it and an open conversation."""
    async with sessionmaker() as session, session.begin():
        team = Team(account_id=tenant.account.id, name="Support", description="")
        session.add(team)
        await session.flush()
        await session.execute(insert(TeamMember).values(team_id=team.id, user_id=tenant.agent.id))
    await make_conversation(sessionmaker, tenant.account.id, team_id=team.id)
    return team


async def test_members_and_live_conversations_of_another_accounts_team_are_not_found(
    tenant: Tenant, other_tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    team = await _busy_team(sessionmaker, tenant)
    own, stranger = Subject.of_user(tenant.admin.user), Subject.of_user(other_tenant.admin.user)
    async with sessionmaker() as session:
        repository = TeamRepository(session)
        assert [u.id for u in (await repository.members(own, [team.id]))[team.id]] == [
            tenant.agent.id
        ]
        assert await repository.has_live_conversations(own, team.id)
        assert await repository.members(stranger, [team.id]) == {team.id: []}
        assert not await repository.has_live_conversations(stranger, team.id)
