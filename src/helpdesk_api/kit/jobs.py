"""Enqueueing background jobs (run by the arq worker, see worker.py)."""

from datetime import datetime
from typing import Any, Protocol

from arq.connections import ArqRedis


class JobQueue(Protocol):
    async def enqueue(
        self, name: str, *args: Any, defer_until: datetime | None = None, job_id: str | None = None
    ) -> None: ...


class ArqJobQueue:
    """Jobs on this service's arq queue. A job with a ``job_id`` already queued is not
    queued twice."""

    def __init__(self, redis: ArqRedis) -> None:
        self.redis = redis

    async def enqueue(
        self, name: str, *args: Any, defer_until: datetime | None = None, job_id: str | None = None
    ) -> None:
        await self.redis.enqueue_job(name, *args, _defer_until=defer_until, _job_id=job_id)
