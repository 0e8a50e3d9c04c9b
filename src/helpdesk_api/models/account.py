from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk_api.models.base import Base, IdMixin, TimestampMixin


class Account(IdMixin, TimestampMixin, Base):
    """A tenant: every other row belongs to exactly one account."""

    __tablename__ = "account"

    name: Mapped[str] = mapped_column(String(200))
    #: Last sequence number handed to an event of this account (see events.py).
    event_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    #: Events up to this seq were purged after the retention period: a client replaying
    #: from before it must resync instead.
    events_purged_through: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
