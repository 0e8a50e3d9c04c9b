"""Queue positions, live: when a conversation leaves its team's queue (assigned, handed to
the bot, moved to another team, closed or snoozed) or takes its place again (woken from a
snooze), everyone waiting behind it moves, and each of their widgets is told its new place.

The changes of the queue call :func:`place` before and :func:`moved` after; the events are
ordinary ``conversation.updated`` events of the outbox, their widget projection (with the
place) built when the unit of work commits, so the place is the committed one.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.conversations.snapshots import snapshot
from helpdesk_api.events import EventType
from helpdesk_api.models import Conversation
from helpdesk_api.routing import queue
from helpdesk_api.widget.projection import project_conversation

#: Only this many behind a moved place are told: a customer further back is told once the
#: line ahead of them has shrunk to this (their widget shows the place it last heard).
TOLD_AT_MOST = 200


@dataclass(frozen=True)
class Place:
    team_id: uuid.UUID
    queued_at: datetime
    conversation_id: uuid.UUID


def place(conversation: Conversation) -> Place | None:
    """Where ``conversation`` waits now, or None when it is not waiting."""
    if not queue.is_waiting(conversation) or conversation.queued_at is None:
        return None
    assert conversation.team_id is not None  # is_waiting checked it
    return Place(conversation.team_id, conversation.queued_at, conversation.id)


async def moved(session: AsyncSession, before: Place | None, after: Place | None) -> None:
    """Tell the widgets of the conversations behind a place left or taken their new one."""
    if before == after:
        return
    behind: dict[uuid.UUID, Conversation] = {}
    for spot in (before, after):
        if spot is not None:
            waiting = await queue.behind(
                session, spot.team_id, spot.queued_at, spot.conversation_id, limit=TOLD_AT_MOST
            )
            behind |= {c.id: c for c in waiting}
    if not behind:
        return
    places = _Places(list(behind))
    for conversation in behind.values():
        events.record(
            session,
            conversation.account_id,
            EventType.conversation_updated,
            partial(_staff_payload, conversation),
            conversation_id=conversation.id,
            contact_id=conversation.contact_id,
            widget=places.projection(conversation),
        )


def _staff_payload(conversation: Conversation) -> dict[str, Any]:
    return {"conversation": snapshot(conversation), "changed": ["queue_position"]}


class _Places:
    """The places of every conversation told in one unit of work, looked up in one query
    when its events are built (at commit), however many there are."""

    def __init__(self, conversation_ids: list[uuid.UUID]) -> None:
        self.conversation_ids = conversation_ids
        self.found: dict[uuid.UUID, int | None] | None = None

    def projection(self, conversation: Conversation) -> events.WidgetBuilder:
        async def build(session: AsyncSession) -> dict[str, Any]:
            if self.found is None:
                self.found = await queue.positions(session, self.conversation_ids)
            projected = project_conversation(conversation, self.found.get(conversation.id))
            return {"conversation": projected.model_dump(mode="json")}

        return build
