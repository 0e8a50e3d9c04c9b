import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import Base


class Schedule(Base):
    """A user's working hours, which switch their availability at each boundary."""

    __tablename__ = "schedule"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    #: ``{timezone, days, exceptions}``, validated by ``schedules.hours.Hours``.
    hours: Mapped[dict[str, Any]] = mapped_column(JSONB)
    #: The state the schedule last switched the user to: a manual change holds until the
    #: schedule's state differs from this, i.e. until the next boundary.
    applied_state: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
