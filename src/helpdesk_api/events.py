"""The event catalogue and the transactional outbox.

A service calls :func:`record` while it changes rows; the events are written when the
unit of work commits (:func:`flush_pending`, called by ``db.session_scope``), in the same
transaction. Each account's events are numbered 1, 2, 3 … while its row is locked, so
sequence numbers are committed in order and a reader never sees a gap fill in later.

Payloads are built at that moment, not when the event is recorded: a builder given to
:func:`record` runs after every change of the unit of work is flushed, so an event says
what was committed (a conversation created and then handed to the bot reads ``bot``).

Ephemeral signals (``typing``, ``presence.updated``) are not events: they never touch the
database and travel through the realtime layer only (see realtime/signals.py).
"""

import enum
import json
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.kit.clock import utcnow

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
    user_updated = "user.updated"
    notification_created = "notification.created"
    team_chat_message_created = "team_chat.message.created"


Payload = dict[str, Any]
#: Builds a payload when the unit of work is about to commit.
Builder = Callable[[], Payload]
#: Builds the widget's projection then; it may read (e.g. staff names, queue positions).
WidgetBuilder = Callable[[AsyncSession], Awaitable[Payload]]


@dataclass
class PendingEvent:
    account_id: uuid.UUID
    type: EventType
    data: Payload | Builder
    conversation_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    channel_id: uuid.UUID | None = None
    widget: WidgetBuilder | None = None
    occurred_at: Any = field(default_factory=utcnow)


def record(
    session: AsyncSession,
    account_id: uuid.UUID,
    type: EventType,
    data: Payload | Builder,
    *,
    conversation_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    channel_id: uuid.UUID | None = None,
    contact_id: uuid.UUID | None = None,
    widget: WidgetBuilder | None = None,
) -> None:
    """Queue an event to be written with this unit of work.

    ``user_id`` addresses one user only; ``channel_id`` limits it to the members of a
    team-chat channel. The contact's widget sees the event only through ``widget``, its
    own projection (leave both unset for anything internal: notes, whispers, assignment).
    """
    if (contact_id is None) != (widget is None):
        raise ValueError("a widget-visible event needs both the contact and its projection")
    pending: list[PendingEvent] = session.info.setdefault(_PENDING, [])
    pending.append(
        PendingEvent(
            account_id, type, data, conversation_id, contact_id, user_id, channel_id, widget
        )
    )


def discard_pending(session: AsyncSession) -> None:
    session.info.pop(_PENDING, None)


async def flush_pending(session: AsyncSession) -> None:
    """Number and insert the queued events; call right before commit.

    The account row is the last lock the transaction takes: every other change is flushed
    first, so two writers never hold it while waiting for each other's rows.
    """
    await session.flush()
    pending: list[PendingEvent] = session.info.pop(_PENDING, [])
    by_account: dict[uuid.UUID, list[Built]] = defaultdict(list)
    for event in pending:
        by_account[event.account_id].append(
            Built(
                event,
                event.data() if callable(event.data) else event.data,
                await event.widget(session) if event.widget is not None else None,
            )
        )
    for account_id in sorted(by_account):
        await _insert_numbered(session, account_id, by_account[account_id])


@dataclass(frozen=True)
class Built:
    event: PendingEvent
    data: Payload
    widget_data: Payload | None


#: Numbers and inserts one account's events in one round trip; the account row is locked
#: by the UPDATE until commit, so numbers are committed in order.
_INSERT_NUMBERED = text(
    """
    WITH numbered AS (
        UPDATE account SET event_seq = event_seq + :count, updated_at = now()
        WHERE id = :account_id RETURNING event_seq
    )
    INSERT INTO event (account_id, seq, type, occurred_at, data, widget_data,
                       conversation_id, contact_id, user_id, channel_id)
    SELECT :account_id, numbered.event_seq - :count + e.n, e.type, e.occurred_at,
           CAST(e.data AS jsonb), CAST(e.widget_data AS jsonb), e.conversation_id,
           e.contact_id, e.user_id, e.channel_id
    FROM numbered, unnest(
        CAST(:types AS text[]), CAST(:occurred_at AS timestamptz[]), CAST(:data AS text[]),
        CAST(:widget_data AS text[]), CAST(:conversation_ids AS uuid[]),
        CAST(:contact_ids AS uuid[]), CAST(:user_ids AS uuid[]), CAST(:channel_ids AS uuid[])
    ) WITH ORDINALITY AS e(
        type, occurred_at, data, widget_data, conversation_id, contact_id, user_id,
        channel_id, n
    )
    RETURNING seq
    """
)


async def _insert_numbered(
    session: AsyncSession, account_id: uuid.UUID, built: list[Built]
) -> None:
    events = [b.event for b in built]
    result = await session.execute(
        _INSERT_NUMBERED,
        {
            "account_id": account_id,
            "count": len(events),
            "types": [e.type.value for e in events],
            "occurred_at": [e.occurred_at for e in events],
            "data": [json.dumps(b.data) for b in built],
            "widget_data": [
                json.dumps(b.widget_data) if b.widget_data is not None else None for b in built
            ],
            "conversation_ids": [e.conversation_id for e in events],
            "contact_ids": [e.contact_id for e in events],
            "user_ids": [e.user_id for e in events],
            "channel_ids": [e.channel_id for e in events],
        },
    )
    assert len(result.all()) == len(events), "events of an unknown account"
