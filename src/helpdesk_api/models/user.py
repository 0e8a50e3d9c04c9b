import enum
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, false, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin


class Role(enum.StrEnum):
    owner = "owner"
    admin = "admin"
    agent = "agent"


class Availability(enum.StrEnum):
    online = "online"
    away = "away"
    offline = "offline"


def _values(e: type[enum.StrEnum]) -> str:
    return ", ".join(f"'{m.value}'" for m in e)


class User(AccountScopedMixin, TimestampMixin, Base):
    """A staff member. E-mails are unique across the service: login needs no account name."""

    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint(f"role IN ({_values(Role)})", name="role"),
        CheckConstraint(f"availability IN ({_values(Availability)})", name="availability"),
        CheckConstraint("max_concurrent >= 0", name="max_concurrent"),
        Index("uq_user_email", func.lower(text("email")), unique=True),
        Index(
            "uq_user_one_owner",
            "account_id",
            unique=True,
            postgresql_where=text("role = 'owner'"),
        ),
    )

    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default=Role.agent.value)
    max_concurrent: Mapped[int] = mapped_column(default=5)
    availability: Mapped[str] = mapped_column(String(16), default=Availability.offline.value)
    notification_preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    is_active: Mapped[bool] = mapped_column(default=True)
    deactivated_at: Mapped[datetime | None]
    #: Admins and owners are routed conversations only when they opt in; agents always are.
    auto_assign: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: When routing or a person last gave this user a conversation (ties go to the longest
    #: waiting).
    last_assigned_at: Mapped[datetime | None]
