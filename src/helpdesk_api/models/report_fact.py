import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Identity, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import Base


class ReportFact(Base):
    """A fact statistics are built from, written when it happens (never derived later).

    ``duration_seconds`` is the response time (``first_response``, ``response``) or the
    resolution time (``resolved``); ``value`` is the rating (``rated``).
    """

    __tablename__ = "report_fact"
    __table_args__ = (
        Index("ix_report_fact_kind_time", "account_id", "kind", "occurred_at"),
        Index("ix_report_fact_user_time", "account_id", "user_id", "kind", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    account_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime]
    conversation_id: Mapped[uuid.UUID]
    inbox_id: Mapped[uuid.UUID]
    channel: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[uuid.UUID | None]
    #: The responder, or the handler when resolved; null for the bot or nobody.
    user_id: Mapped[uuid.UUID | None]
    by_bot: Mapped[bool] = mapped_column(default=False)
    duration_seconds: Mapped[float | None]
    value: Mapped[int | None]
