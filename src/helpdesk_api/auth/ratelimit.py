"""Fixed-window attempt counters in Redis, atomic under concurrent requests."""

from redis.asyncio import Redis

from helpdesk_api.errors import RateLimited

_DETAIL = "Too many login attempts; try again later."


async def count_attempt(redis: Redis, key: str, limit: int, window_seconds: int) -> None:
    """Count one attempt against ``key``; RateLimited once more than ``limit`` fall in a window."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(key, 0, ex=window_seconds, nx=True)
        pipe.incr(key)
        pipe.ttl(key)
        _, attempts, ttl = await pipe.execute()
    if attempts > limit:
        raise RateLimited(retry_after=max(int(ttl), 1), detail=_DETAIL)


async def refuse_over(redis: Redis, key: str, limit: int) -> None:
    """RateLimited when ``key`` already counts ``limit`` or more; counts nothing itself."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.get(key)
        pipe.ttl(key)
        count, ttl = await pipe.execute()
    if count is not None and int(count) >= limit:
        raise RateLimited(retry_after=max(int(ttl), 1), detail=_DETAIL)


async def add(redis: Redis, key: str, window_seconds: int) -> None:
    """Count one event against ``key`` in a fixed window."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(key, 0, ex=window_seconds, nx=True)
        pipe.incr(key)
        await pipe.execute()


async def reset(redis: Redis, key: str) -> None:
    await redis.delete(key)
