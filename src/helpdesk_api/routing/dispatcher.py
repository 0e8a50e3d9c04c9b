"""The outbox dispatcher: committed events, in each account's sequence order, become jobs.

It runs in the worker. Woken by PostgreSQL ``NOTIFY`` (an insert trigger on ``event``;
notifications arrive at commit) and polling as the fallback, it takes the undispatched
events, enqueues the jobs they call for with deterministic ids, and only then marks the
events dispatched — in one transaction. A crash between enqueueing and marking enqueues
the same job ids again (arq keeps one job per id, and each job is idempotent), a crash
before enqueueing loses nothing: the events are still undispatched.

``dispatched_at`` is the stored cursor: within an account, sequence numbers commit in
order (the account row is locked from numbering to commit), so every undispatched event
of an account lies past everything dispatched before it.
"""

import asyncio
import contextlib
import logging

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.db import session_scope
from helpdesk_api.kit.jobs import JobQueue
from helpdesk_api.routing import triggers
from helpdesk_api.routing.triggers import CommittedEvent

log = logging.getLogger(__name__)

CHANNEL = "helpdesk_events"
BATCH = 500
#: Only one dispatcher dispatches at a time (others wait their turn): order is kept.
_ADVISORY_LOCK = 7_431_208_117


_TAKE = text(
    """
    SELECT id, account_id, seq, type, conversation_id, user_id, data FROM event
    WHERE dispatched_at IS NULL ORDER BY account_id, seq LIMIT :limit
    """
)
_MARK = text("UPDATE event SET dispatched_at = now() WHERE id = ANY(:ids)")


async def dispatch_once(
    sessionmaker: async_sessionmaker[AsyncSession], jobs: JobQueue, *, limit: int = BATCH
) -> int:
    """Dispatch one batch; returns how many events it took (0: nothing to do)."""
    async with session_scope(sessionmaker) as session:
        got_lock = await session.scalar(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK}
        )
        if not got_lock:
            return 0
        rows = (await session.execute(_TAKE, {"limit": limit})).all()
        if not rows:
            return 0
        taken = [CommittedEvent(*row) for row in rows]
        for job in await triggers.jobs_for(session, taken):
            await jobs.enqueue(job.name, *job.args, job_id=job.id)
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
        poll: float = 1.0,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.jobs = jobs
        self.database_url = database_url
        self.poll = poll
        self._wake = asyncio.Event()

    async def run(self) -> None:
        async with contextlib.AsyncExitStack() as stack:
            await self._listen(stack)
            while True:
                self._wake.clear()
                try:
                    while await dispatch_once(self.sessionmaker, self.jobs) == BATCH:
                        pass
                except (OSError, asyncpg.PostgresError, ConnectionError) as exc:
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
