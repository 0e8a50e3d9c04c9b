import uuid
from collections.abc import Sequence

from sqlalchemy import Select, func, select

from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import Role, User


class UserRepository(Repository[User]):
    model = User
    not_found = "User not found."

    async def page(
        self, subject: Subject, params: PageParams, *, active: bool | None, role: Role | None
    ) -> tuple[list[User], str | None]:
        statement = self.readable(subject)
        if active is not None:
            statement = statement.where(User.is_active.is_(active))
        if role is not None:
            statement = statement.where(User.role == role.value)
        return await paginate(self.session, statement, [User.created_at, User.id], params)

    async def email_taken(self, email: str) -> bool:
        found = await self.session.scalar(
            select(User.id).where(func.lower(User.email) == email.lower())
        )
        return found is not None

    def active_in_account(self, account_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> Select[User]:
        return select(User).where(User.account_id == account_id, User.id.in_(ids), User.is_active)

    async def owner(self, account_id: uuid.UUID) -> User | None:
        """The owner, locked; None while a concurrent transfer has just moved ownership."""
        return await self.session.scalar(
            select(User)
            .where(User.account_id == account_id, User.role == Role.owner.value)
            .with_for_update()
        )
