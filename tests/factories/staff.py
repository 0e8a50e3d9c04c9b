"""Accounts and staff made straight in the database, with ready-to-use access tokens."""

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.auth.passwords import hash_password
from helpdesk_api.auth.tokens import create_access_token
from helpdesk_api.models import Account, Availability, Role, User
from helpdesk_api.settings import Settings
from helpdesk_api.team_chat import all_staff

PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(PASSWORD)


@dataclass
class Staff:
    user: User
    token: str

    @property
    def id(self) -> uuid.UUID:
        return self.user.id

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Tenant:
    account: Account
    owner: Staff
    admin: Staff
    agent: Staff


def unique_email(label: str = "user") -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.com"


class StaffFactory:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings):
        self.sessionmaker = sessionmaker
        self.settings = settings

    def token_for(self, user: User) -> str:
        return create_access_token(
            self.settings.signing_key(), user.id, user.account_id, ttl_seconds=600
        )

    async def user(self, account_id: uuid.UUID, role: Role = Role.agent, **fields: object) -> Staff:
        async with self.sessionmaker() as session:
            user = User(
                account_id=account_id,
                email=unique_email(role.value),
                name=f"{role.value.title()} {uuid.uuid4().hex[:4]}",
                password_hash=_PASSWORD_HASH,
                role=role.value,
                max_concurrent=5,
                availability=Availability.offline.value,
                notification_preferences={},
                is_active=True,
            )
            for key, value in fields.items():
                setattr(user, key, value)
            session.add(user)
            await session.flush()
            if user.is_active:  # as users.service does
                await all_staff.join(session, user)
            await session.commit()
        return Staff(user=user, token=self.token_for(user))

    async def tenant(self, name: str = "Acme") -> Tenant:
        async with self.sessionmaker() as session:
            account = Account(name=name)
            session.add(account)
            await session.commit()
        return Tenant(
            account=account,
            owner=await self.user(account.id, Role.owner),
            admin=await self.user(account.id, Role.admin),
            agent=await self.user(account.id, Role.agent),
        )
