"""Which routing jobs a batch of committed events calls for.

- a conversation waiting in a team's queue (created, reopened, transferred or unassigned
  to a team) → drain that team;
- capacity freed (a conversation closed or moved away from someone, a user coming
  online, given more capacity or opting in) → drain that user's teams;
- a user deactivated → give their open conversations back to routing.

Job ids are derived from the event, so dispatching the same event twice queues one job.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.events import EventType
from helpdesk_api.models import TeamMember

DRAIN_JOB = "routing.drain"
RELEASE_JOB = "routing.release_user"


@dataclass(frozen=True)
class CommittedEvent:
    id: int
    account_id: uuid.UUID
    seq: int
    type: str
    conversation_id: uuid.UUID | None
    user_id: uuid.UUID | None
    data: dict[str, Any]


@dataclass(frozen=True)
class Job:
    name: str
    args: Sequence[Any]
    id: str


_CONVERSATION_EVENTS = {
    EventType.conversation_created.value,
    EventType.conversation_status_changed.value,
    EventType.conversation_assigned.value,
    EventType.conversation_transferred.value,
}


async def jobs_for(session: AsyncSession, taken: Sequence[CommittedEvent]) -> list[Job]:
    teams: dict[str, CommittedEvent] = {}  # team id → the latest event draining it
    freed: dict[str, CommittedEvent] = {}  # user id → the latest event freeing them
    jobs: list[Job] = []
    for event in taken:
        if event.type in _CONVERSATION_EVENTS:
            conversation = event.data.get("conversation") or {}
            if conversation.get("queued_at") and conversation.get("status") == "open":
                teams[conversation["team_id"]] = event
            for user_id in _freed_by(event.type, event.data):
                freed[user_id] = event
        elif event.type == EventType.user_updated.value:
            if event.data.get("availability", "online") == "online":
                freed[event.data["user_id"]] = event
            if event.data.get("is_active") is False:
                jobs.append(
                    Job(
                        RELEASE_JOB,
                        (event.data["user_id"],),
                        f"release:{event.account_id}:{event.seq}",
                    )
                )
    if freed:
        rows = await session.execute(
            select(TeamMember.user_id, TeamMember.team_id).where(
                TeamMember.user_id.in_([uuid.UUID(u) for u in freed])
            )
        )
        for member_id, team_id in rows.all():
            event = freed[str(member_id)]
            known = teams.get(str(team_id))
            if known is None or (known.account_id, known.seq) < (event.account_id, event.seq):
                teams[str(team_id)] = event
    jobs += [
        Job(DRAIN_JOB, (team_id,), f"drain:{team_id}:{event.account_id}:{event.seq}")
        for team_id, event in teams.items()
    ]
    return jobs


def _freed_by(type: str, data: dict[str, Any]) -> list[str]:
    """Users whose load this conversation event lowered."""
    conversation = data.get("conversation") or {}
    if type == EventType.conversation_status_changed.value:
        left_load = conversation.get("status") in ("closed", "archived")
        if left_load and data.get("old_status") in ("open", "snoozed"):
            return [conversation["assignee_id"]] if conversation.get("assignee_id") else []
        return []
    previous = data.get("from_user_id")
    return [previous] if previous and previous != conversation.get("assignee_id") else []
