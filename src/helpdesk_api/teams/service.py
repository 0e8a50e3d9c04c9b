"""Teams (groups): conversations are routed to a team, then to one of its members."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import FieldError
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.kit.repository import flush_unique
from helpdesk_api.models import Team, User
from helpdesk_api.schedules.hours import stored
from helpdesk_api.teams.exceptions import TeamInUse, TeamNameTaken, UnknownMembers
from helpdesk_api.teams.repository import TeamRepository
from helpdesk_api.teams.schemas import TeamCreate, TeamUpdate
from helpdesk_api.users.repository import UserRepository


@dataclass
class TeamWithMembers:
    team: Team
    members: list[User]


def _name_taken(name: str) -> TeamNameTaken:
    return TeamNameTaken(f"A team named {name!r} already exists.")


class TeamService:
    async def page(
        self, session: AsyncSession, subject: Subject, params: PageParams
    ) -> tuple[list[TeamWithMembers], str | None]:
        repository = TeamRepository(session)
        teams, cursor = await repository.page(subject, params)
        members = await repository.members(subject, [t.id for t in teams])
        return [TeamWithMembers(t, members[t.id]) for t in teams], cursor

    async def get(
        self, session: AsyncSession, subject: Subject, team_id: uuid.UUID
    ) -> TeamWithMembers:
        return await self._with_members(
            session, subject, await TeamRepository(session).get(subject, team_id)
        )

    async def create(
        self, session: AsyncSession, subject: Subject, data: TeamCreate
    ) -> TeamWithMembers:
        policies.require_admin(subject)
        await self._check_name(session, subject, data.name, but=None)
        team = Team(
            account_id=subject.account_id,
            name=data.name,
            description=data.description,
            routing_mode=data.routing_mode.value,
            working_hours=stored(data.working_hours),
            reassign_after_minutes=data.reassign_after_minutes,
        )
        session.add(team)
        await flush_unique(session, "uq_team_account_name", _name_taken(data.name))
        await self._set_members(session, subject, team, data.member_ids)
        return await self._with_members(session, subject, team)

    async def update(
        self, session: AsyncSession, subject: Subject, team_id: uuid.UUID, data: TeamUpdate
    ) -> TeamWithMembers:
        policies.require_admin(subject)
        team = await TeamRepository(session).get(subject, team_id, for_update=True)
        if data.name is not None:
            await self._check_name(session, subject, data.name, but=team.id)
            team.name = data.name
        if data.description is not None:
            team.description = data.description
        if data.routing_mode is not None:
            team.routing_mode = data.routing_mode.value
        given = data.model_fields_set
        if "working_hours" in given:
            team.working_hours = stored(data.working_hours)
        if "reassign_after_minutes" in given:
            team.reassign_after_minutes = data.reassign_after_minutes
        await flush_unique(session, "uq_team_account_name", _name_taken(team.name))
        return await self._with_members(session, subject, team)

    async def delete(self, session: AsyncSession, subject: Subject, team_id: uuid.UUID) -> None:
        policies.require_admin(subject)
        team = await TeamRepository(session).get(subject, team_id, for_update=True)
        if await TeamRepository(session).has_live_conversations(subject, team.id):
            raise TeamInUse(
                "Open or snoozed conversations belong to this team; move or close them first."
            )
        await session.delete(team)
        await session.flush()

    async def replace_members(
        self,
        session: AsyncSession,
        subject: Subject,
        team_id: uuid.UUID,
        user_ids: Sequence[uuid.UUID],
    ) -> TeamWithMembers:
        """The team's members become exactly ``user_ids``: active users of the account."""
        policies.require_admin(subject)
        team = await TeamRepository(session).get(subject, team_id, for_update=True)
        await self._set_members(session, subject, team, user_ids)
        return await self._with_members(session, subject, team)

    async def _set_members(
        self, session: AsyncSession, subject: Subject, team: Team, user_ids: Sequence[uuid.UUID]
    ) -> None:
        wanted = list(dict.fromkeys(user_ids))
        statement = UserRepository(session).active_in_account(subject.account_id, wanted)
        found = {u.id for u in (await session.scalars(statement)).all()}
        unknown = [str(u) for u in wanted if u not in found]
        if unknown:
            raise UnknownMembers(
                "Not active users of this account: " + ", ".join(unknown),
                errors=[FieldError(loc=["body", "user_ids"], msg="unknown user", type="unknown")],
            )
        await TeamRepository(session).set_members(team.id, wanted)

    async def _check_name(
        self, session: AsyncSession, subject: Subject, name: str, *, but: uuid.UUID | None
    ) -> None:
        if await TeamRepository(session).name_taken(subject.account_id, name, but=but):
            raise _name_taken(name)

    async def _with_members(
        self, session: AsyncSession, subject: Subject, team: Team
    ) -> TeamWithMembers:
        members = await TeamRepository(session).members(subject, [team.id])
        return TeamWithMembers(team, members[team.id])


team_service = TeamService()
