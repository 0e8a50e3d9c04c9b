"""Replay of an account's events: what a reconnecting client missed, in order."""

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.repository import visible_ids
from helpdesk_api.event_log.schemas import EventEnvelope, EventPage
from helpdesk_api.models import Event


async def replay(session: AsyncSession, subject: Subject, after: int, limit: int) -> EventPage:
    """Events with ``seq > after`` that ``subject`` may see, oldest first.

    Sequence numbers are committed in order (see events.py), so paging with ``last_seq``
    never skips an event that commits later with a smaller number.
    """
    window = (
        select(
            Event.seq,
            Event.type,
            Event.occurred_at,
            Event.data,
            Event.conversation_id,
            Event.user_id,
        )
        .where(Event.account_id == subject.account_id, Event.seq > after)
        .order_by(Event.seq)
        .limit(limit + 1)
        .subquery()
    )
    mine = or_(window.c.user_id.is_(None), window.c.user_id == subject.user_id)
    visible = or_(
        window.c.conversation_id.is_(None), window.c.conversation_id.in_(visible_ids(subject))
    )
    rows = (
        await session.execute(
            select(window, (mine & visible).label("shown")).order_by(window.c.seq)
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
