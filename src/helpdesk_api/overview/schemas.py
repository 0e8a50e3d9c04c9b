import uuid
from datetime import datetime

from pydantic import Field

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Availability, Role, RoutingMode


class AgentLoad(Schema):
    """One active user's workload: the figures count open conversations assigned to them."""

    id: uuid.UUID
    name: str
    role: Role
    availability: Availability
    max_concurrent: int
    open: int = Field(description="Open conversations assigned to them.")
    waiting: int = Field(description="Of those, where the customer waits for a reply.")
    unanswered: int = Field(
        description="Of those, the ones nobody has answered yet since they were opened."
    )
    snoozed: int = Field(description="Snoozed conversations assigned to them.")
    capacity_use: float | None = Field(
        description="`(open + snoozed) / max_concurrent`, the load routing counts; above 1 "
        "only after a forced assignment; null when the maximum is 0."
    )
    oldest_waiting_since: datetime | None = Field(
        description="Since when the longest-waiting customer among them waits."
    )
    last_activity_at: datetime | None = Field(description="When they last wrote a message.")
    team_ids: list[uuid.UUID]


class ColleagueLoad(Schema):
    """How much a colleague handles, as a transfer or an assignment needs to know."""

    id: uuid.UUID
    name: str
    availability: Availability
    load: int = Field(description="Open and snoozed conversations assigned to them.")
    max_concurrent: int


class ColleagueLoads(Schema):
    items: list[ColleagueLoad]


class TeamQueue(Schema):
    """Open conversations waiting in a team's queue for someone to take them."""

    id: uuid.UUID
    name: str
    routing_mode: RoutingMode
    queued: int
    oldest_queued_at: datetime | None = Field(description="The head of the queue's time in it.")


class AgentsOverview(Schema):
    agents: list[AgentLoad] = Field(description="Every active user of the account, by name.")
    teams: list[TeamQueue] = Field(description="Every team of the account, by name.")
    generated_at: datetime
