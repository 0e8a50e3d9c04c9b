import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select

from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import Conversation, ConversationStatus, Team, TeamMember, User


class TeamRepository(Repository[Team]):
    model = Team
    not_found = "Team not found."

    async def page(self, subject: Subject, params: PageParams) -> tuple[list[Team], str | None]:
        return await paginate(
            self.session, self.readable(subject), [Team.created_at, Team.id], params
        )

    async def has_live_conversations(self, subject: Subject, team_id: uuid.UUID) -> bool:
        """Whether open or snoozed conversations of the subject's account are the team's,
        seen or not by the subject."""
        found = await self.session.scalar(
            select(Conversation.id)
            .where(
                Conversation.account_id == subject.account_id,
                Conversation.team_id == team_id,
                Conversation.status.in_(
                    [ConversationStatus.open.value, ConversationStatus.snoozed.value]
                ),
            )
            .limit(1)
        )
        return found is not None

    async def name_taken(self, account_id: uuid.UUID, name: str, *, but: uuid.UUID | None) -> bool:
        statement = select(Team.id).where(
            Team.account_id == account_id, func.lower(Team.name) == name.lower()
        )
        if but is not None:
            statement = statement.where(Team.id != but)
        return await self.session.scalar(statement) is not None

    async def members(
        self, subject: Subject, team_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[User]]:
        """Members of each team, by name: users of the subject's account only."""
        rows = await self.session.execute(
            select(TeamMember.team_id, User)
            .join(User, User.id == TeamMember.user_id)
            .where(User.account_id == subject.account_id, TeamMember.team_id.in_(team_ids))
            .order_by(func.lower(User.name), User.id)
        )
        found: dict[uuid.UUID, list[User]] = {team_id: [] for team_id in team_ids}
        for team_id, user in rows:
            found[team_id].append(user)
        return found

    async def set_members(self, team_id: uuid.UUID, user_ids: Sequence[uuid.UUID]) -> None:
        await self.session.execute(delete(TeamMember).where(TeamMember.team_id == team_id))
        if user_ids:
            await self.session.execute(
                insert(TeamMember), [{"team_id": team_id, "user_id": u} for u in user_ids]
            )
