"""Creating accounts (tenants) together with their owner."""

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.models import Account, Role, User
from helpdesk_api.team_chat import all_staff
from helpdesk_api.users.service import user_service


class AccountService:
    async def create(
        self, session: AsyncSession, name: str, *, owner_name: str, email: str, password: str
    ) -> User:
        """A new account, its all-staff chat and its one owner; returns the owner."""
        account = Account(name=name)
        session.add(account)
        await session.flush()
        await all_staff.open_channel(session, account.id)
        return await user_service.add(
            session, account.id, email=email, name=owner_name, password=password, role=Role.owner
        )


account_service = AccountService()
