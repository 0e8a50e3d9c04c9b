import uuid
from datetime import datetime

from pydantic import Field

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import RoutingMode
from helpdesk_api.users.schemas import UserSummary


class Team(Schema):
    id: uuid.UUID
    name: str
    description: str
    routing_mode: RoutingMode
    members: list[UserSummary]
    created_at: datetime


class TeamCreate(Schema):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    routing_mode: RoutingMode = RoutingMode.manual
    member_ids: list[uuid.UUID] = Field(default_factory=list, max_length=1000)


class TeamUpdate(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    routing_mode: RoutingMode | None = None


class TeamMembers(Schema):
    user_ids: list[uuid.UUID] = Field(max_length=1000)
