import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import RoutingMode
from helpdesk_api.schedules.hours import Hours
from helpdesk_api.users.schemas import UserSummary

ReassignAfter = Annotated[
    int,
    Field(
        ge=1,
        le=1440,
        description="Route a conversation again when its assignee has not replied within "
        "this many minutes. Null: never.",
    ),
]
WorkingHours = Annotated[
    Hours, Field(description="When the team works; outside them inboxes send their away message.")
]


class Team(Schema):
    id: uuid.UUID
    name: str
    description: str
    routing_mode: RoutingMode
    working_hours: WorkingHours | None = Field(description="Null: always open.")
    reassign_after_minutes: ReassignAfter | None
    members: list[UserSummary]
    created_at: datetime


class TeamCreate(Schema):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    routing_mode: RoutingMode = RoutingMode.manual
    working_hours: WorkingHours | None = None
    reassign_after_minutes: ReassignAfter | None = None
    member_ids: list[uuid.UUID] = Field(default_factory=list, max_length=1000)


class TeamUpdate(Schema):
    """Fields to change. ``null`` clears ``working_hours`` and ``reassign_after_minutes``;
    for the other fields it means "unchanged"."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    routing_mode: RoutingMode | None = None
    working_hours: WorkingHours | None = None
    reassign_after_minutes: ReassignAfter | None = None


class TeamMembers(Schema):
    user_ids: list[uuid.UUID] = Field(max_length=1000)
