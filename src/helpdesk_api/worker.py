"""The arq worker: every background job and cron job of the service."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from arq import ArqRedis, create_pool, cron
from arq.connections import RedisSettings
from arq.worker import Worker, func
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from helpdesk_api.attachments import tasks as attachment_tasks
from helpdesk_api.auth.repository import AuthRepository
from helpdesk_api.conversations import tasks as conversation_tasks
from helpdesk_api.conversations.status import WAKE_JOB
from helpdesk_api.db import session_scope
from helpdesk_api.event_log import service as event_log
from helpdesk_api.kit import idempotency
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.jobs import ArqJobQueue
from helpdesk_api.realtime.fanout import Fanout, channel_name
from helpdesk_api.resources import Resources
from helpdesk_api.routing import tasks as routing_tasks
from helpdesk_api.routing.dispatcher import Dispatcher
from helpdesk_api.routing.triggers import DRAIN_JOB, RELEASE_JOB
from helpdesk_api.schedules import tasks as schedule_tasks
from helpdesk_api.settings import Settings

log = logging.getLogger(__name__)

EXPIRED_TOKEN_GRACE = timedelta(days=1)


async def purge_expired_tokens(ctx: dict[str, Any]) -> int:
    """Delete refresh tokens that expired more than a day ago; returns how many."""
    resources: Resources = ctx["resources"]
    async with session_scope(resources.sessionmaker) as session:
        deleted = await AuthRepository(session).delete_expired_refresh_tokens(
            utcnow() - EXPIRED_TOKEN_GRACE
        )
    log.info("purged %d expired refresh tokens", deleted)
    return deleted


async def purge_idempotency_keys(ctx: dict[str, Any]) -> int:
    """Forget idempotency keys older than a day."""
    resources: Resources = ctx["resources"]
    async with session_scope(resources.sessionmaker) as session:
        return await idempotency.purge_expired(session)


async def purge_events(ctx: dict[str, Any]) -> int:
    """Delete dispatched events past the retention period, a batch per transaction."""
    resources: Resources = ctx["resources"]
    total = 0
    while True:
        async with session_scope(resources.sessionmaker) as session:
            deleted = await event_log.purge_batch(session, resources.settings.event_retention_days)
        total += deleted
        if deleted < event_log.PURGE_BATCH:
            break
    log.info("purged %d events past retention", total)
    return total


FUNCTIONS = [
    func(purge_expired_tokens, name="auth.purge_expired_tokens"),
    func(conversation_tasks.wake_snoozed, name=WAKE_JOB),
    func(purge_idempotency_keys, name="kit.purge_idempotency_keys"),
    func(purge_events, name="events.purge"),
    func(attachment_tasks.purge_orphans, name="attachments.purge_orphans"),
    func(routing_tasks.drain, name=DRAIN_JOB),
    func(routing_tasks.release_user, name=RELEASE_JOB),
    func(routing_tasks.reassign_stale, name="routing.reassign_stale"),
    func(schedule_tasks.apply_schedules, name=schedule_tasks.APPLY_JOB),
]
CRON_JOBS = [
    cron(purge_expired_tokens, name="auth.purge_expired_tokens.cron", hour=3, minute=17),
    cron(conversation_tasks.wake_snoozed, name=f"{WAKE_JOB}.cron", second=0),
    cron(purge_idempotency_keys, name="kit.purge_idempotency_keys.cron", minute=7),
    cron(purge_events, name="events.purge.cron", minute=47),
    cron(attachment_tasks.purge_orphans, name="attachments.purge_orphans.cron", minute=37),
    cron(routing_tasks.reassign_stale, name="routing.reassign_stale.cron", second=30),
    cron(schedule_tasks.apply_schedules, name=f"{schedule_tasks.APPLY_JOB}.cron", second=0),
]


async def create_job_pool(settings: Settings) -> ArqRedis:
    """A connection for enqueueing jobs onto this service's queue."""
    assert settings.redis_url is not None
    return await create_pool(
        RedisSettings.from_dsn(settings.redis_url), default_queue_name=settings.job_queue
    )


def create_worker(
    settings: Settings, *, handle_signals: bool = True, dispatch: bool = True
) -> Worker:
    """A worker bound to ``settings``' Redis; it opens its own database connections and,
    unless ``dispatch`` is off, runs the outbox dispatcher alongside its jobs."""
    assert settings.redis_url is not None
    assert settings.database_url is not None
    database_url, redis_url = settings.database_url, settings.redis_url

    async def startup(ctx: dict[str, Any]) -> None:
        resources = ctx["resources"] = Resources.open(settings)
        if dispatch:
            publisher = ctx["publisher"] = Fanout(
                redis_url, channel_name(settings), write_only=True
            )
            dispatcher = Dispatcher(
                resources.sessionmaker,
                ArqJobQueue(ctx["redis"]),
                database_url,
                publisher=publisher,
            )
            ctx["dispatcher"] = asyncio.create_task(dispatcher.run(), name="outbox-dispatcher")

    async def shutdown(ctx: dict[str, Any]) -> None:
        task: asyncio.Task[None] | None = ctx.get("dispatcher")
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        publisher: Fanout | None = ctx.get("publisher")
        if publisher is not None:
            await publisher.close()
        resources: Resources | None = ctx.get("resources")
        if resources is not None:
            await resources.close()

    return Worker(
        functions=FUNCTIONS,
        cron_jobs=CRON_JOBS,
        redis_settings=_surviving_outages(RedisSettings.from_dsn(settings.redis_url)),
        queue_name=settings.job_queue,
        on_startup=startup,
        on_shutdown=shutdown,
        handle_signals=handle_signals,
        # Routing waits on this: a job queued by the dispatcher starts within 20 ms.
        poll_delay=0.02,
    )


def _surviving_outages(redis: RedisSettings) -> RedisSettings:
    """A Redis that goes away makes the worker wait for it, not die: arq's polling loop
    ends on the first connection error otherwise, and with it every job and cron."""
    redis.retry = Retry(ExponentialBackoff(cap=2.0, base=0.05), retries=-1)
    redis.retry_on_error = [RedisConnectionError, RedisTimeoutError, OSError]
    return redis


@contextlib.asynccontextmanager
async def running_worker(settings: Settings) -> AsyncIterator[Worker]:
    """A worker (with the dispatcher) running in this event loop while the block runs.

    Stopping it takes no new jobs, lets the running ones finish, then runs its shutdown:
    ``Worker.close`` alone would cancel a job midway and raise, leaving the polling loop,
    its cron jobs and the dispatcher running.
    """
    worker = create_worker(settings, handle_signals=False)
    task = asyncio.create_task(worker.main(), name="arq-worker")
    try:
        yield worker
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
        await worker.close()
