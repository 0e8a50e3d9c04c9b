import uuid
from datetime import datetime

from helpdesk_api.kit.schemas import Schema


class Candidate(Schema):
    """A team member as routing saw them when it decided."""

    user_id: uuid.UUID
    name: str
    availability: str
    load: int
    capacity: int
    last_assigned_at: datetime | None
    eligible: bool
    reason: str
