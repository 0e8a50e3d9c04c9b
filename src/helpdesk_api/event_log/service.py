"""Replay of an account's events: what a reconnecting client missed, in order; and
their purge after the retention period."""

import uuid
from datetime import timedelta

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth.subject import Subject
from helpdesk_api.event_log import audience
from helpdesk_api.event_log.exceptions import ResyncRequired
from helpdesk_api.event_log.schemas import EventEnvelope, EventPage
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Account, Event

PURGE_BATCH = 5_000


async def check_retained(session: AsyncSession, account_id: uuid.UUID, after: int) -> None:
    """Refuse a cursor from before the purged events: the client must resync."""
    row = (
        await session.execute(
            select(Account.events_purged_through, Account.event_seq).where(Account.id == account_id)
        )
    ).one()
    if after < row.events_purged_through:
        raise ResyncRequired(
            f"Events up to seq {row.events_purged_through} were purged. Reload what you "
            f"show, then resume with after={row.event_seq}."
        )


async def replay(session: AsyncSession, subject: Subject, after: int, limit: int) -> EventPage:
    """Events with ``seq > after`` that ``subject`` may see, oldest first.

    Sequence numbers are committed in order (see events.py), so paging with ``last_seq``
    never skips an event that commits later with a smaller number.
    """
    await check_retained(session, subject.account_id, after)
    window = (
        select(
            Event.seq,
            Event.type,
            Event.occurred_at,
            Event.data,
            Event.conversation_id,
            Event.user_id,
            Event.channel_id,
        )
        .where(Event.account_id == subject.account_id, Event.seq > after)
        .order_by(Event.seq)
        .limit(limit + 1)
        .subquery()
    )
    rows = (
        await session.execute(
            select(window, audience.staff_sees(window.c, subject).label("shown")).order_by(
                window.c.seq
            )
        )
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    return EventPage(
        events=[
            EventEnvelope(seq=r.seq, type=r.type, occurred_at=r.occurred_at, data=r.data)
            for r in rows
            if r.shown
        ],
        last_seq=rows[-1].seq if rows else after,
        has_more=has_more,
    )


_PURGE = text(
    """
    WITH gone AS (
        DELETE FROM event WHERE id IN (
            SELECT id FROM event
            WHERE occurred_at < :cutoff AND dispatched_at IS NOT NULL
            LIMIT :batch
        )
        RETURNING account_id, seq
    ), horizon AS (
        SELECT account_id, max(seq) AS seq FROM gone GROUP BY account_id
    ), moved AS (
        UPDATE account SET events_purged_through = greatest(events_purged_through, horizon.seq)
        FROM horizon WHERE account.id = horizon.account_id
        RETURNING account.id
    )
    SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM moved)
    """
)


async def purge_batch(session: AsyncSession, retention_days: int) -> int:
    """Delete up to a batch of dispatched events past the retention period and move each
    account's horizon to the highest seq deleted; returns how many were deleted."""
    cutoff = utcnow() - timedelta(days=retention_days)
    deleted, _ = (await session.execute(_PURGE, {"cutoff": cutoff, "batch": PURGE_BATCH})).one()
    return int(deleted)
