import uuid
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, Field, model_validator

from helpdesk_api.kit.pagination import Page
from helpdesk_api.kit.schemas import Schema

MAX_IDS = 500


class Notification(Schema):
    id: uuid.UUID
    type: str = Field(description="`assigned`, `transferred`, `escalated`, `mentioned` …")
    conversation_id: uuid.UUID | None
    actor_user_id: uuid.UUID | None = Field(description="Who caused it, when a person did.")
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Page[Notification]):
    unread_count: int = Field(description="All of the caller's unread notifications.")


class MarkRead(Schema):
    """Exactly one of ``ids``, ``all: true`` or ``before``."""

    ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=MAX_IDS,
        description="These notifications; ids that are not the caller's are ignored.",
    )
    all: bool = Field(default=False, description="Every notification of the caller.")
    before: AwareDatetime | None = Field(
        default=None, description="Every notification created up to this time (inclusive)."
    )

    @model_validator(mode="after")
    def _one_form(self) -> "MarkRead":
        given = (self.ids is not None) + self.all + (self.before is not None)
        if given != 1:
            raise ValueError("give exactly one of ids, all: true and before")
        return self


class MarkReadResult(Schema):
    marked: int = Field(description="Notifications this call marked read (0 when repeated).")
    unread_count: int = Field(description="The caller's unread notifications now.")
