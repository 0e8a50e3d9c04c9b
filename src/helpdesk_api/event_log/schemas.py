from datetime import datetime
from typing import Any

from pydantic import Field

from helpdesk_api.kit.schemas import Schema


class EventEnvelope(Schema):
    """The envelope every event travels in (replay, websocket, webhooks)."""

    seq: int
    type: str
    occurred_at: datetime
    data: dict[str, Any]


class EventPage(Schema):
    events: list[EventEnvelope]
    last_seq: int = Field(
        description="Pass as `after` next time: the highest seq examined, which may be past "
        "the last event shown when later ones are not for the caller."
    )
    has_more: bool
