from datetime import datetime
from typing import Any

from sqlalchemy import Index, LargeBinary, SmallInteger, String, func
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import Base


class IdempotencyKey(Base):
    """The first outcome of a retried write, replayed for the same key and request."""

    __tablename__ = "idempotency_key"
    __table_args__ = (Index("ix_idempotency_key_created", "created_at"),)

    #: Who sent it: ``user:<id>``, ``token:<id>`` or ``contact:<id>``.
    principal: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    status_code: Mapped[int | None] = mapped_column(SmallInteger)
    #: JSON, not JSONB: a replay returns the body byte for byte, keys in their order.
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
