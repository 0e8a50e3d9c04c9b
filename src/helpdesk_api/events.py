"""The event catalogue and the transactional outbox.

A service calls :func:`record` while it changes rows; the events are written when the
unit of work commits (:func:`flush_pending`, called by ``db.session_scope``), in the same
transaction. Each account's events are numbered 1, 2, 3 … while its row is locked, so
sequence numbers are committed in order and a reader never sees a gap fill in later.
"""

import enum
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Account, Event

_PENDING = "helpdesk_pending_events"


class EventType(enum.StrEnum):
    conversation_created = "conversation.created"
    conversation_updated = "conversation.updated"
    conversation_assigned = "conversation.assigned"
    conversation_transferred = "conversation.transferred"
    conversation_status_changed = "conversation.status_changed"
    conversation_read = "conversation.read"
    message_created = "message.created"
    message_updated = "message.updated"
    typing = "typing"
    presence_updated = "presence.updated"
    notification_created = "notification.created"
    team_chat_message_created = "team_chat.message.created"


@dataclass
class PendingEvent:
    account_id: uuid.UUID
    type: EventType
    data: dict[str, Any]
    conversation_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    occurred_at: Any = field(default_factory=utcnow)


def record(
    session: AsyncSession,
    account_id: uuid.UUID,
    type: EventType,
    data: dict[str, Any],
    *,
    conversation_id: uuid.UUID | None = None,
    contact_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
) -> None:
    """Queue an event to be written with this unit of work.

    ``contact_id`` makes the event visible to that contact's widget (leave it unset for
    anything internal: notes, whispers, assignment); ``user_id`` addresses one user only.
    """
    pending: list[PendingEvent] = session.info.setdefault(_PENDING, [])
    pending.append(PendingEvent(account_id, type, data, conversation_id, contact_id, user_id))


def discard_pending(session: AsyncSession) -> None:
    session.info.pop(_PENDING, None)


async def flush_pending(session: AsyncSession) -> None:
    """Number and insert the queued events; call right before commit.

    The account row is the last lock the transaction takes: every other change is flushed
    first, so two writers never hold it while waiting for each other's rows.
    """
    await session.flush()
    pending: list[PendingEvent] = session.info.pop(_PENDING, [])
    by_account: dict[uuid.UUID, list[PendingEvent]] = defaultdict(list)
    for event in pending:
        by_account[event.account_id].append(event)
    for account_id in sorted(by_account):
        events = by_account[account_id]
        last = await session.scalar(
            update(Account)
            .where(Account.id == account_id)
            .values(event_seq=Account.event_seq + len(events))
            .returning(Account.event_seq)
        )
        assert last is not None, "events of an unknown account"
        first = last - len(events) + 1
        await session.execute(
            insert(Event),
            [
                {
                    "account_id": account_id,
                    "seq": first + offset,
                    "type": event.type.value,
                    "occurred_at": event.occurred_at,
                    "data": event.data,
                    "conversation_id": event.conversation_id,
                    "contact_id": event.contact_id,
                    "user_id": event.user_id,
                }
                for offset, event in enumerate(events)
            ],
        )
