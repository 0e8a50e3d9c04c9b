"""Who handles a conversation. Every change of handler goes through :func:`hand`.

It checks what the change must respect (the conversation is active; the receiving user is
active, online and below ``max_concurrent``), writes the new handler, the timeline row,
the outbox event and the receiver's notification, all in the caller's transaction.

Locks are taken in one order everywhere: team (routing only), conversation, then user.
The caller holds the conversation's row lock; :func:`hand` locks the receiving user's row
before counting their load, so two changes giving the same user a conversation are
serialised and the second one counts the first.
"""

import enum
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.conversations import snapshots, timeline
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Availability, Conversation, ConversationStatus, Inbox, User
from helpdesk_api.notifications.service import notify
from helpdesk_api.routing.exceptions import (
    ConversationNotActive,
    NoBot,
    NotAvailable,
    OverCapacity,
    UnknownTarget,
    UserDeactivated,
)
from helpdesk_api.widget import queue_moves

#: Conversations that count against a user's ``max_concurrent``.
LOAD_STATUSES = (ConversationStatus.open.value, ConversationStatus.snoozed.value)
_ACTIVE = LOAD_STATUSES


class Change(enum.StrEnum):
    """How a conversation came to its handler; the timeline row's type."""

    assigned = "assigned"
    unassigned = "unassigned"
    transferred = "transferred"
    escalated = "escalated"
    taken_over = "taken_over"
    handed_to_bot = "handed_to_bot"
    routed = "routed"
    queued = "queued"
    reassigned = "reassigned"
    handed_over = "handed_over"
    released = "released"


#: Changes told as ``conversation.transferred``; the rest as ``conversation.assigned``.
_TRANSFERS = {Change.transferred, Change.escalated, Change.handed_over}
_TAKEN_AWAY = {Change.reassigned, Change.handed_over}
_TRANSFERRED, _ASSIGNED = EventType.conversation_transferred, EventType.conversation_assigned


@dataclass(frozen=True)
class Target:
    """Where a conversation goes: a user (in a team or not), a team's queue, the bot,
    or nobody. ``team_id`` None keeps the conversation's team."""

    user_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    bot: bool = False


@dataclass(frozen=True)
class Checks:
    """What the receiving user must satisfy. ``force`` (an admin's manual assignment)
    lifts availability and capacity, and is recorded."""

    availability: bool = True
    capacity: bool = True
    force: bool = False


async def load_of(session: AsyncSession, user_id: uuid.UUID) -> int:
    """Open and snoozed conversations ``user_id`` handles."""
    return (
        await session.scalar(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.assignee_id == user_id, Conversation.status.in_(LOAD_STATUSES))
        )
    ) or 0


async def lock_user(session: AsyncSession, account_id: uuid.UUID, user_id: uuid.UUID) -> User:
    user = await session.scalar(
        select(User)
        .where(User.id == user_id, User.account_id == account_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if user is None:
        raise UnknownTarget("No such user in this account.")
    return user


def _wants(user: User, change: Change) -> bool:
    """Whether ``user``'s notification preferences ask to hear of receiving this way."""
    preference = "transferred_to_me" if change in _TRANSFERS else "assigned_to_me"
    return bool(user.notification_preferences.get(preference, True))


def check_present(user: User, checks: Checks) -> None:
    """Raise unless ``user`` is active and, when ``checks`` ask for it, online."""
    if not user.is_active:
        raise UserDeactivated(f"{user.name} is deactivated and cannot handle conversations.")
    if checks.availability and not checks.force and user.availability != Availability.online:
        raise NotAvailable(
            f"{user.name} is {user.availability}; only online users receive conversations "
            "(an admin may assign with force)."
        )


async def check_receiver(
    session: AsyncSession, conversation: Conversation, user: User, checks: Checks
) -> None:
    """Raise unless ``user`` (locked by the caller) may receive ``conversation``."""
    check_present(user, checks)
    if checks.capacity and not checks.force:
        load = await load_of(session, user.id)
        if conversation.assignee_id == user.id:
            load -= 1
        if load >= user.max_concurrent:
            raise OverCapacity(
                f"{user.name} handles {load} of at most {user.max_concurrent} conversations."
            )


async def hand(
    session: AsyncSession,
    conversation: Conversation,
    target: Target,
    actor: Actor,
    change: Change,
    *,
    checks: Checks = Checks(),
    note: str | None = None,
    reason: str | None = None,
    announce: bool = True,
) -> "Announcement":
    """Give ``conversation`` (row-locked by the caller) to ``target``.

    Its event is recorded at once unless ``announce`` is off: then the caller records the
    returned announcement when its own events are (a new conversation's "created" first).
    """
    if conversation.status not in _ACTIVE:
        raise ConversationNotActive(
            f"Conversation #{conversation.number} is {conversation.status}; reopen it first."
        )
    receiver = None
    if target.user_id is not None:
        receiver = await lock_user(session, conversation.account_id, target.user_id)
        await check_receiver(session, conversation, receiver, checks)
    if target.bot:
        inbox = await session.get(Inbox, conversation.inbox_id)
        if inbox is None or not inbox.bot_enabled:
            raise NoBot("This inbox has no bot to hand the conversation to.")

    now = utcnow()
    previous = conversation.assignee_id
    was_at = queue_moves.place(conversation)
    if change in _TAKEN_AWAY and previous is not None:
        # Taken from them (no reply in time, or handed over in their absence): routing
        # never gives it back to them.
        conversation.past_assignee_ids = [*conversation.past_assignee_ids, previous]
    if target.team_id is not None:
        conversation.team_id = target.team_id
    conversation.assignee_id = receiver.id if receiver else None
    conversation.bot_active = target.bot
    if receiver is not None:
        conversation.assigned_at = now
        conversation.queued_at = None
        receiver.last_assigned_at = now
    else:
        conversation.assigned_at = None
        waits = not target.bot and conversation.team_id is not None
        conversation.queued_at = (conversation.queued_at or now) if waits else None
    conversation.updated_at = now

    details: dict[str, object] = {
        "from_user_id": str(previous) if previous else None,
        "assignee_id": str(conversation.assignee_id) if conversation.assignee_id else None,
        "team_id": str(conversation.team_id) if conversation.team_id else None,
        "bot": target.bot,
        "note": note,
        "reason": reason,
        "forced": checks.force or None,
    }
    details = {k: v for k, v in details.items() if v is not None and v is not False}
    await timeline.log(session, conversation, change.value, actor, **details)
    await session.flush()
    await queue_moves.moved(session, was_at, queue_moves.place(conversation))
    announcement = Announcement(conversation, change, details)
    if announce:
        announcement.record(session)
    if receiver is not None and _wants(receiver, change):
        await notify(
            session,
            conversation.account_id,
            receiver.id,
            change.value,
            conversation_id=conversation.id,
            actor_user_id=actor.user_id,
            number=conversation.number,
            note=note,
        )
    return announcement


@dataclass(frozen=True)
class Announcement:
    """The outbox event of a change of handler."""

    conversation: Conversation
    change: Change
    details: dict[str, object]

    def record(self, session: AsyncSession) -> None:
        snapshots.record(
            session,
            _TRANSFERRED if self.change in _TRANSFERS else _ASSIGNED,
            self.conversation,
            {"change": self.change, **self.details},
            to_widget=True,
        )


def queue_for_team(conversation: Conversation) -> None:
    """A new or reopened conversation without a handler waits in its team's queue."""
    if (
        conversation.assignee_id is None
        and not conversation.bot_active
        and conversation.team_id is not None
        and conversation.status == ConversationStatus.open.value
    ):
        conversation.queued_at = conversation.queued_at or utcnow()
