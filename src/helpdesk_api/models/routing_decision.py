import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import Base


class RoutingDecision(Base):
    """The last routing decision about a conversation, kept to explain it."""

    __tablename__ = "routing_decision"

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversation.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime]
    #: assigned, queued, manual
    outcome: Mapped[str] = mapped_column(String(16))
    chosen_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    #: ``[{user_id, name, availability, load, capacity, eligible, reason}]``
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    queue_position: Mapped[int | None]
