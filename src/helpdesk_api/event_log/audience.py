"""Who may see an event: one rule for ``GET /events``, socket catch-up and live fan-out.

Staff see an event when
- it is addressed to nobody in particular or to them (``user_id``);
- it is about no conversation, or about one the conversation visibility rule
  (conversations/scope.py) lets them see — or one just taken from them, so they see it go;
- it belongs to no team-chat channel, or to one they are a member of.

A contact's widget sees only events with its projection (``widget_data``), of its own
conversations. Live fan-out names Socket.IO rooms instead of filtering per socket:
``all:<account>`` (owners, admins and API tokens: every conversation), ``user:<id>``,
``account:<account>`` (everyone on staff) and, on ``/widget``, ``contact:<id>``.
"""

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.scope import visibility, visible_ids
from helpdesk_api.events import EventType
from helpdesk_api.models import Conversation, Role, User
from helpdesk_api.team_chat.scope import channel_ids_of, members_of

#: Events about a change of handler: the one it was taken from sees it leave.
HANDLER_CHANGES = (EventType.conversation_assigned.value, EventType.conversation_transferred.value)


def staff_sees(event: Any, subject: Subject) -> ColumnElement[bool]:
    """The rule as SQL over an event row's columns (``event`` is a table's ``.c``)."""
    mine = or_(event.user_id.is_(None), event.user_id == subject.user_id)
    taken_from_me = (
        and_(
            event.type.in_(HANDLER_CHANGES),
            event.data["from_user_id"].astext == str(subject.user_id),
        )
        if subject.user_id is not None
        else false()
    )
    conversation = or_(
        event.conversation_id.is_(None),
        event.conversation_id.in_(visible_ids(subject)),
        taken_from_me,
    )
    member = (
        event.channel_id.in_(channel_ids_of(subject.user_id))
        if subject.user_id is not None
        else false()
    )
    return and_(mine, conversation, or_(event.channel_id.is_(None), member))


def staff_rooms(subject: Subject) -> list[str]:
    """The rooms a staff socket joins: what fan-out may address it by."""
    rooms = [account_room(subject.account_id)]
    if subject.user is None or subject.role in (Role.owner, Role.admin):
        rooms.append(all_room(subject.account_id))
    if subject.user_id is not None:
        rooms.append(user_room(subject.user_id))
    return rooms


def account_room(account_id: uuid.UUID | str) -> str:
    return f"account:{account_id}"


def all_room(account_id: uuid.UUID | str) -> str:
    return f"all:{account_id}"


def user_room(user_id: uuid.UUID | str) -> str:
    return f"user:{user_id}"


def conversation_room(conversation_id: uuid.UUID | str) -> str:
    """Staff sockets that have a conversation open (or monitor it): typing and viewers."""
    return f"conversation:{conversation_id}"


def contact_room(contact_id: uuid.UUID | str, inbox_id: uuid.UUID | str) -> str:
    """A visitor's widget sees its contact's conversations in that widget's inbox only."""
    return f"contact:{contact_id}:{inbox_id}"


@dataclass(frozen=True)
class StoredEvent:
    """An event row as fan-out needs it."""

    account_id: uuid.UUID
    seq: int
    type: str
    occurred_at: Any
    data: dict[str, Any]
    widget_data: dict[str, Any] | None
    conversation_id: uuid.UUID | None
    contact_id: uuid.UUID | None
    user_id: uuid.UUID | None
    channel_id: uuid.UUID | None


@dataclass
class Rooms:
    staff: list[str] = field(default_factory=list)
    widget: list[str] = field(default_factory=list)
    #: Staff who no longer see the conversation after this event (they leave its room).
    lost: list[str] = field(default_factory=list)


async def rooms_for(session: AsyncSession, batch: Sequence[StoredEvent]) -> list[Rooms]:
    """Where each event goes, by the same rule as :func:`staff_sees`, read once per batch."""
    conversations = {e.conversation_id for e in batch if e.conversation_id and not e.user_id}
    seers = await _agents_seeing(session, conversations)
    channels = await members_of(session, {e.channel_id for e in batch if e.channel_id})
    inboxes = await _inboxes(session, {e.conversation_id for e in batch if e.widget_data})
    result = []
    for event in batch:
        rooms = Rooms()
        if event.user_id is not None:
            rooms.staff.append(user_room(event.user_id))
        elif event.channel_id is not None:
            rooms.staff += [user_room(u) for u in channels[event.channel_id]]
        elif event.conversation_id is not None:
            agents = seers.get(event.conversation_id, set())
            rooms.staff.append(all_room(event.account_id))
            rooms.staff += sorted(user_room(u) for u in agents)
            previous = event.data.get("from_user_id")
            if event.type in HANDLER_CHANGES and previous and uuid.UUID(previous) not in agents:
                rooms.staff.append(user_room(previous))
                rooms.lost.append(previous)
        else:
            rooms.staff.append(account_room(event.account_id))
        inbox_id = inboxes.get(event.conversation_id) if event.conversation_id else None
        if event.widget_data is not None and event.contact_id is not None and inbox_id:
            rooms.widget.append(contact_room(event.contact_id, inbox_id))
        result.append(rooms)
    return result


async def _agents_seeing(
    session: AsyncSession, conversation_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Agents (not owners or admins, who see all) each conversation is visible to."""
    if not conversation_ids:
        return {}
    rows = await session.execute(
        select(Conversation.id, User.id)
        .join(User, User.account_id == Conversation.account_id)
        .where(
            Conversation.id.in_(conversation_ids),
            User.role == Role.agent.value,
            User.is_active,
            visibility(Conversation.account_id, User.id),
        )
    )
    seers: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for conversation_id, user_id in rows.all():
        seers[conversation_id].add(user_id)
    return seers


async def _inboxes(
    session: AsyncSession, conversation_ids: Collection[uuid.UUID | None]
) -> dict[uuid.UUID, uuid.UUID]:
    ids = [c for c in conversation_ids if c is not None]
    if not ids:
        return {}
    rows = await session.execute(
        select(Conversation.id, Conversation.inbox_id).where(Conversation.id.in_(ids))
    )
    return {row[0]: row[1] for row in rows}
