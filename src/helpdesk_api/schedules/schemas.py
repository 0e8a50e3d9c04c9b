import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Availability
from helpdesk_api.schedules.hours import Hours

ScheduleState = Literal[Availability.online, Availability.offline]


class Schedule(Schema):
    """A user's working hours; at each boundary the user is switched online or offline."""

    user_id: uuid.UUID
    hours: Hours
    state_now: ScheduleState = Field(
        description="What the hours say now. The user's availability follows within a "
        "minute of each boundary; a change by hand holds until the next boundary."
    )
    next_change_at: datetime | None = Field(
        description="The next boundary of the hours; null when they never change again."
    )
    updated_at: datetime
