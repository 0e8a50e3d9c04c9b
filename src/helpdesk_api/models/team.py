import enum
import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin


class RoutingMode(enum.StrEnum):
    manual = "manual"
    round_robin = "round_robin"
    least_busy = "least_busy"


class Team(AccountScopedMixin, TimestampMixin, Base):
    """A group of staff that conversations are routed to."""

    __tablename__ = "team"
    __table_args__ = (
        CheckConstraint(
            "routing_mode IN (" + ", ".join(f"'{m.value}'" for m in RoutingMode) + ")",
            name="routing_mode",
        ),
        Index("uq_team_account_name", "account_id", func.lower(text("name")), unique=True),
    )

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    routing_mode: Mapped[str] = mapped_column(String(16), default=RoutingMode.manual.value)
    #: Same shape as a schedule's hours (see ``schedules.hours``); null means always open.
    working_hours: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    #: Route a conversation again when its assignee has not replied within this many minutes.
    reassign_after_minutes: Mapped[int | None]


class TeamMember(Base):
    __tablename__ = "team_member"

    team_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("team.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
