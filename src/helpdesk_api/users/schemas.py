import uuid
from datetime import datetime
from typing import Literal

from pydantic import EmailStr, Field

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Availability, Role


class NotificationPreferences(Schema):
    """What a user wants to hear about; in-app first, e-mail when unseen for a minute."""

    email_when_unseen: bool = True
    new_conversation: bool = True
    assigned_to_me: bool = True
    transferred_to_me: bool = True
    new_message_in_mine: bool = True
    team_chat: bool = Field(default=True, description="Being mentioned in team chat.")


class NotificationPreferencesUpdate(Schema):
    email_when_unseen: bool | None = None
    new_conversation: bool | None = None
    assigned_to_me: bool | None = None
    transferred_to_me: bool | None = None
    new_message_in_mine: bool | None = None
    team_chat: bool | None = None


class UserSummary(Schema):
    id: uuid.UUID
    name: str
    email: str
    role: Role
    availability: Availability


class User(UserSummary):
    max_concurrent: int
    auto_assign: bool = Field(
        description="Admins and the owner: whether routing gives them conversations "
        "(agents always take part)."
    )
    is_active: bool
    created_at: datetime
    deactivated_at: datetime | None


class Me(User):
    account_id: uuid.UUID
    notification_preferences: NotificationPreferences


class UserCreate(Schema):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=200, description="Initial password.")
    role: Literal[Role.admin, Role.agent] = Role.agent
    max_concurrent: int = Field(default=5, ge=0, le=1000)


class UserUpdate(Schema):
    """Admin changes to a staff member. ``role: owner`` (owner only) transfers ownership."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    max_concurrent: int | None = Field(default=None, ge=0, le=1000)
    availability: Availability | None = None
    auto_assign: bool | None = None
    is_active: bool | None = Field(default=None, description="true reactivates a user.")


class MeUpdate(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    availability: Availability | None = None
    auto_assign: bool | None = Field(
        default=None, description="Admins: opt in to (or out of) routing."
    )
    notification_preferences: NotificationPreferencesUpdate | None = None
    current_password: str | None = Field(default=None, max_length=200)
    new_password: str | None = Field(default=None, min_length=8, max_length=200)
