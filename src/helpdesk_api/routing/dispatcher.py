"""The outbox dispatcher: committed events, in each account's sequence order, become jobs
and live deliveries.

It runs in the worker. Woken by PostgreSQL ``NOTIFY`` (an insert trigger on ``event``;
notifications arrive at commit) and polling as the fallback, it takes the undispatched
events, enqueues the jobs they call for with deterministic ids, publishes them to the
sockets (realtime/fanout.py), and only then marks the events dispatched — in one
transaction. A crash between publishing and marking enqueues the same job ids and
publishes the same seqs again (arq keeps one job per id, each job is idempotent, and a
socket never takes a seq twice); a crash or a Redis outage before that loses nothing: the
events are still undispatched, and go out in order once it is back.

``dispatched_at`` is the stored cursor: within an account, sequence numbers commit in
order (the account row is locked from numbering to commit), so every undispatched event
of an account lies past everything dispatched before it.
"""

import asyncio
import contextlib
import logging

import asyncpg
from redis.exceptions import RedisError
from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.db import session_scope
from helpdesk_api.event_log.audience import rooms_for
from helpdesk_api.kit.jobs import JobQueue
from helpdesk_api.models import Event
from helpdesk_api.realtime.fanout import Fanout, Wire, stored_event
from helpdesk_api.routing import triggers
from helpdesk_api.routing.triggers import CommittedEvent

log = logging.getLogger(__name__)

CHANNEL = "helpdesk_events"
BATCH = 500
#: Only one dispatcher dispatches at a time (others wait their turn): order is kept.
_ADVISORY_LOCK = 7_431_208_117


_TAKE = (
    select(Event)
    .where(Event.dispatched_at.is_(None))
    .order_by(Event.account_id, Event.seq)
    .limit(bindparam("limit"))
)
_MARK = text("UPDATE event SET dispatched_at = now() WHERE id = ANY(:ids)")


async def dispatch_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    jobs: JobQueue,
    publisher: Fanout | None = None,
    *,
    limit: int = BATCH,
) -> int:
    """Dispatch one batch; returns how many events it took (0: nothing to do)."""
    async with session_scope(sessionmaker) as session:
        got_lock = await session.scalar(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK}
        )
        if not got_lock:
            return 0
        rows = (await session.scalars(_TAKE, {"limit": limit})).all()
        if not rows:
            return 0
        taken = [
            CommittedEvent(r.id, r.account_id, r.seq, r.type, r.conversation_id, r.user_id, r.data)
            for r in rows
        ]
        for job in await triggers.jobs_for(session, taken):
            await jobs.enqueue(job.name, *job.args, job_id=job.id)
        if publisher is not None:
            stored = [stored_event(r) for r in rows]
            rooms = await rooms_for(session, stored)
            await publisher.publish([Wire(e, r) for e, r in zip(stored, rooms, strict=True)])
        await session.execute(_MARK, {"ids": [e.id for e in taken]})
    return len(taken)


class Dispatcher:
    """Runs :func:`dispatch_once` whenever events are committed, and every ``poll`` seconds."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        jobs: JobQueue,
        database_url: str,
        *,
        publisher: Fanout | None = None,
        poll: float = 1.0,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.jobs = jobs
        self.publisher = publisher
        self.database_url = database_url
        self.poll = poll
        self._wake = asyncio.Event()

    async def run(self) -> None:
        async with contextlib.AsyncExitStack() as stack:
            await self._listen(stack)
            while True:
                self._wake.clear()
                try:
                    while (
                        await dispatch_once(self.sessionmaker, self.jobs, self.publisher) == BATCH
                    ):
                        pass
                except (OSError, asyncpg.PostgresError, ConnectionError, RedisError) as exc:
                    log.warning("dispatch failed, retrying: %s", exc)
                except Exception:
                    log.exception("dispatch failed, retrying")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll)

    async def _listen(self, stack: contextlib.AsyncExitStack) -> None:
        """LISTEN on a connection of its own; without it, polling alone still works."""
        try:
            url = make_url(self.database_url).set(drivername="postgresql")
            connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("no LISTEN connection (%s); polling every %.1f s", exc, self.poll)
            return
        stack.push_async_callback(connection.close)
        await connection.add_listener(CHANNEL, lambda *_: self._wake.set())
