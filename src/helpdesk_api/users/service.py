"""Staff management: creating, updating and deactivating users; ownership transfer; profile."""

import uuid

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.auth import policies
from helpdesk_api.auth.passwords import hash_password, verify_password
from helpdesk_api.auth.repository import AuthRepository
from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import FieldError
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.kit.repository import flush_unique
from helpdesk_api.models import Availability, Role, TeamMember, User
from helpdesk_api.team_chat import all_staff
from helpdesk_api.users.availability import set_availability
from helpdesk_api.users.exceptions import (
    EmailTaken,
    OwnerProtected,
    OwnershipRule,
    SelfDeactivation,
    WrongPassword,
)
from helpdesk_api.users.repository import UserRepository
from helpdesk_api.users.schemas import MeUpdate, NotificationPreferences, UserCreate, UserUpdate


class UserService:
    async def add(
        self,
        session: AsyncSession,
        account_id: uuid.UUID,
        *,
        email: str,
        name: str,
        password: str,
        role: Role,
        max_concurrent: int = 5,
    ) -> User:
        """A new active user, in the all-staff chat; e-mails are unique across the service
        (case-insensitive)."""
        taken = EmailTaken(f"A user with e-mail {email} already exists.")
        if await UserRepository(session).email_taken(email):
            raise taken
        user = User(
            account_id=account_id,
            email=email.lower(),
            name=name,
            password_hash=hash_password(password),
            role=role.value,
            max_concurrent=max_concurrent,
            availability=Availability.offline.value,
            notification_preferences=NotificationPreferences().model_dump(),
            is_active=True,
        )
        session.add(user)
        await flush_unique(session, "uq_user_email", taken)
        await all_staff.join(session, user)
        return user

    async def page(
        self,
        session: AsyncSession,
        subject: Subject,
        params: PageParams,
        *,
        active: bool | None = None,
        role: Role | None = None,
    ) -> tuple[list[User], str | None]:
        return await UserRepository(session).page(subject, params, active=active, role=role)

    async def get(self, session: AsyncSession, subject: Subject, user_id: uuid.UUID) -> User:
        return await UserRepository(session).get(subject, user_id)

    async def create(self, session: AsyncSession, subject: Subject, data: UserCreate) -> User:
        policies.require_admin(subject)
        return await self.add(
            session,
            subject.account_id,
            email=data.email,
            name=data.name,
            password=data.password,
            role=data.role,
            max_concurrent=data.max_concurrent,
        )

    async def update(
        self, session: AsyncSession, subject: Subject, user_id: uuid.UUID, data: UserUpdate
    ) -> User:
        """Admins edit staff; only the owner edits the owner or hands ownership on."""
        user = await self._editable(session, subject, user_id)
        if data.role is not None and data.role.value != user.role:
            await self._change_role(session, subject, user, data.role)
        routing_before = (user.is_active, user.max_concurrent, user.auto_assign)
        if data.is_active is False:
            await self._deactivate(session, subject, user)
        elif data.is_active and not user.is_active:
            user.is_active, user.deactivated_at = True, None
            await all_staff.join(session, user)
        for field in ("name", "max_concurrent", "auto_assign"):
            value = getattr(data, field)
            if value is not None:
                setattr(user, field, value)
        if (user.is_active, user.max_concurrent, user.auto_assign) != routing_before:
            _record_routing_change(session, user)
        if data.availability is not None:
            set_availability(session, user, data.availability, by="admin")
        await session.flush()
        return user

    async def deactivate(self, session: AsyncSession, subject: Subject, user_id: uuid.UUID) -> User:
        user = await self._editable(session, subject, user_id)
        was_active = user.is_active
        await self._deactivate(session, subject, user)
        if was_active:
            _record_routing_change(session, user)
        await session.flush()
        return user

    async def update_me(self, session: AsyncSession, subject: Subject, data: MeUpdate) -> User:
        policies.require_user(subject)
        assert subject.user is not None
        user = subject.user
        if data.name is not None:
            user.name = data.name
        if data.availability is not None:
            set_availability(session, user, data.availability, by="user")
        if data.auto_assign is not None and data.auto_assign != user.auto_assign:
            user.auto_assign = data.auto_assign
            _record_routing_change(session, user)
        if data.notification_preferences is not None:
            changes = data.notification_preferences.model_dump(exclude_none=True)
            user.notification_preferences = {**user.notification_preferences, **changes}
        if data.new_password is not None:
            if not verify_password(user.password_hash, data.current_password or ""):
                raise WrongPassword("Give your current password to set a new one.")
            user.password_hash = hash_password(data.new_password)
            await AuthRepository(session).revoke_user_tokens(user.id, utcnow())
        await session.flush()
        return user

    async def _editable(self, session: AsyncSession, subject: Subject, user_id: uuid.UUID) -> User:
        """The user, locked for change by an admin; the owner's record only by the owner."""
        policies.require_admin(subject)
        user = await UserRepository(session).get(subject, user_id, for_update=True)
        if user.role == Role.owner and subject.role is not Role.owner:
            raise OwnerProtected("Only the owner may change the owner's record.")
        return user

    async def _change_role(
        self, session: AsyncSession, subject: Subject, user: User, role: Role
    ) -> None:
        if role is Role.owner:
            policies.require_owner(subject)
            if not user.is_active:
                raise OwnershipRule("Ownership can only go to an active user.")
            owner = await UserRepository(session).owner(subject.account_id)
            if owner is None or owner.id != subject.user_id:
                raise OwnershipRule("Ownership was transferred meanwhile; nothing changed.")
            owner.role = Role.admin.value
            await session.flush()  # the partial unique index allows one owner at a time
        elif user.role == Role.owner:
            raise OwnershipRule(
                "The owner keeps the owner role until ownership is transferred to someone else.",
                errors=[FieldError(loc=["body", "role"], msg="transfer ownership", type="owner")],
            )
        user.role = role.value

    async def _deactivate(self, session: AsyncSession, subject: Subject, user: User) -> None:
        if user.role == Role.owner:
            raise OwnershipRule("Transfer ownership before deactivating the owner.")
        if user.id == subject.user_id:
            raise SelfDeactivation("Ask another admin to deactivate your account.")
        if not user.is_active:
            return
        now = utcnow()
        user.is_active, user.deactivated_at = False, now
        set_availability(session, user, Availability.offline, by="deactivation")
        await AuthRepository(session).revoke_user_tokens(user.id, now)
        await AuthRepository(session).revoke_api_tokens_created_by(user.id, now)
        # Out of every team, so routing skips them and member lists stay writable as read.
        await session.execute(delete(TeamMember).where(TeamMember.user_id == user.id))
        await all_staff.leave(session, user)


def _record_routing_change(session: AsyncSession, user: User) -> None:
    """Capacity raised or lowered, or the user (de)activated: routing reacts to this
    event (a deactivated user's open conversations go back to their teams' queues)."""
    events.record(
        session,
        user.account_id,
        EventType.user_updated,
        {
            "user_id": str(user.id),
            "is_active": user.is_active,
            "max_concurrent": user.max_concurrent,
            "auto_assign": user.auto_assign,
        },
    )


user_service = UserService()
