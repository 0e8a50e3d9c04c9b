import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Computed, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import AccountScopedMixin, Base, TimestampMixin

# Names and e-mails are matched by prefix with the 'simple' configuration (no stemming:
# names are not words of one language). The e-mail goes in whole and split at '@' and '.'.
CONTACT_SEARCH = (
    "to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || "
    "translate(coalesce(email, ''), '@.', '  '))"
)


class Contact(AccountScopedMixin, TimestampMixin, Base):
    """A customer: an anonymous visitor or an identified person."""

    __tablename__ = "contact"
    __table_args__ = (
        Index(
            "uq_contact_account_identifier",
            "account_id",
            "identifier",
            unique=True,
            postgresql_where=text("identifier IS NOT NULL"),
        ),
        Index("ix_contact_search", "search", postgresql_using="gin"),
        Index("ix_contact_account_email", "account_id", text("lower(email)")),
        Index("ix_contact_account_created", "account_id", text("created_at DESC"), text("id DESC")),
    )

    #: The integrator's own id of this customer (set once identified).
    identifier: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    custom_attributes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    last_activity_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    #: Set when this contact was merged into another; such rows are kept, never listed.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )
    search: Mapped[str] = mapped_column(TSVECTOR, Computed(CONTACT_SEARCH, persisted=True))


class ContactActivity(AccountScopedMixin, Base):
    """Something the customer did elsewhere, pushed by an integration (order, cart, visit…)."""

    __tablename__ = "contact_activity"
    __table_args__ = (Index("ix_contact_activity_contact", "contact_id", "occurred_at"),)

    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    occurred_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"))
