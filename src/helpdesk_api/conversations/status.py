"""Status transitions: open ⇄ snoozed, closed, archived — and the facts they leave."""

import logging
from datetime import datetime

from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.conversations import facts, snapshots, timeline
from helpdesk_api.conversations.actors import SYSTEM, Actor
from helpdesk_api.conversations.exceptions import InvalidSnooze, InvalidTransition
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.jobs import JobQueue
from helpdesk_api.models import Conversation, ConversationStatus, FactKind, Inbox
from helpdesk_api.routing import handler
from helpdesk_api.routing.exceptions import OverCapacity, UserDeactivated
from helpdesk_api.routing.handler import Change, Target
from helpdesk_api.widget import queue_moves

Status = ConversationStatus
ALLOWED: dict[Status, set[Status]] = {
    Status.open: {Status.snoozed, Status.closed, Status.archived},
    Status.snoozed: {Status.open, Status.snoozed, Status.closed, Status.archived},
    Status.closed: {Status.open, Status.archived},
    Status.archived: {Status.open, Status.closed},
}
WAKE_JOB = "conversations.wake_snoozed"
log = logging.getLogger(__name__)


async def change(
    session: AsyncSession,
    conversation: Conversation,
    status: Status,
    actor: Actor,
    *,
    snoozed_until: datetime | None = None,
    jobs: JobQueue | None = None,
) -> bool:
    """Move ``conversation`` to ``status``; False when it already was there (nothing done).

    A snooze needs a future ``snoozed_until`` and is woken by the ``conversations.wake_snoozed``
    job at that time (a cron sweep catches any wake-up a lost job would miss).
    """
    old = Status(conversation.status)
    now = utcnow()
    was_at = queue_moves.place(conversation)
    if status is Status.snoozed:
        if snoozed_until is None or snoozed_until <= now:
            raise InvalidSnooze("snoozed_until must be a time in the future.")
    elif snoozed_until is not None:
        raise InvalidSnooze("snoozed_until is only for status 'snoozed'.")
    if old is status and status is not Status.snoozed:
        return False
    if status not in ALLOWED[old]:
        raise InvalidTransition(f"A {old.value} conversation cannot become {status.value}.")
    conversation.status = status.value
    conversation.snoozed_until = snoozed_until
    if status in (Status.closed, Status.archived) and old not in (Status.closed, Status.archived):
        await _close(session, conversation, now)
    elif status is Status.open and old in (Status.closed, Status.archived):
        await _reopen(session, conversation, now, actor)
    await timeline.log(
        session,
        conversation,
        "status_changed",
        actor,
        old=old.value,
        new=status.value,
        snoozed_until=snoozed_until.isoformat() if snoozed_until else None,
    )
    conversation.updated_at = now
    await session.flush()
    await queue_moves.moved(session, was_at, queue_moves.place(conversation))
    snapshots.record(
        session,
        EventType.conversation_status_changed,
        conversation,
        {"old_status": old.value},
        to_widget=True,
    )
    if status is Status.snoozed and jobs is not None and snoozed_until is not None:
        await _schedule_wake(jobs, conversation, snoozed_until)
    return True


async def _schedule_wake(jobs: JobQueue, conversation: Conversation, at: datetime) -> None:
    """Best effort: the minute sweep wakes it anyway when Redis cannot take the job."""
    try:
        await jobs.enqueue(
            WAKE_JOB, defer_until=at, job_id=f"wake:{conversation.id}:{at.timestamp()}"
        )
    except (RedisError, OSError):
        log.warning("could not queue the wake-up of %s; the sweep will do it", conversation.id)


async def reopen_for_customer(session: AsyncSession, conversation: Conversation) -> None:
    """A customer wrote into a snoozed, closed or archived conversation: it opens again.

    Closing reset it: it goes back to the inbox's bot when the bot is on, else to routing.
    """
    if conversation.status == Status.open.value:
        return
    was_closed = conversation.status in (Status.closed.value, Status.archived.value)
    actor = Actor("contact", None, conversation.contact_id)
    await change(session, conversation, Status.open, actor)
    if was_closed:
        inbox = await session.get(Inbox, conversation.inbox_id)
        bot = inbox is not None and inbox.bot_enabled
        if bot or conversation.assignee_id is not None:
            await handler.hand(
                session,
                conversation,
                Target(bot=bot),
                actor,
                Change.handed_to_bot if bot else Change.queued,
                reason="the customer wrote again after it was closed",
            )


async def wake_due(session: AsyncSession) -> int:
    """Reopen every snoozed conversation whose time has come; returns how many."""
    due = (
        await session.scalars(
            select(Conversation)
            .where(
                Conversation.status == Status.snoozed.value, Conversation.snoozed_until <= utcnow()
            )
            .with_for_update(skip_locked=True)
            .limit(500)
        )
    ).all()
    for conversation in due:
        await change(session, conversation, Status.open, SYSTEM)
    return len(due)


async def _close(session: AsyncSession, conversation: Conversation, now: datetime) -> None:
    conversation.closed_at = now
    conversation.waiting_since = None
    conversation.queued_at = None
    await facts.record(session, conversation, FactKind.resolved, now, since=conversation.opened_at)


async def _reopen(
    session: AsyncSession, conversation: Conversation, now: datetime, actor: Actor
) -> None:
    conversation.closed_at = None
    conversation.opened_at = now
    conversation.first_response_pending = True
    conversation.past_assignee_ids = []
    await facts.record(session, conversation, FactKind.reopened, now)
    await _recheck_handler(session, conversation, actor)


async def _recheck_handler(session: AsyncSession, conversation: Conversation, actor: Actor) -> None:
    """A reopened conversation counts against its assignee's capacity again: when they
    have none left (or left), it goes to its team's queue instead."""
    if conversation.assignee_id is None:
        handler.queue_for_team(conversation)
        return
    user = await handler.lock_user(session, conversation.account_id, conversation.assignee_id)
    try:
        await handler.check_receiver(
            session, conversation, user, handler.Checks(availability=False)
        )
    except (OverCapacity, UserDeactivated) as refused:
        await handler.hand(
            session, conversation, Target(), actor, Change.queued, reason=refused.detail
        )
