"""Fixed-window attempt counters in Redis, atomic under concurrent requests."""

from redis.asyncio import Redis

from helpdesk_api.errors import RateLimited


async def count_attempt(redis: Redis, key: str, limit: int, window_seconds: int) -> None:
    """Count one attempt against ``key``; RateLimited once more than ``limit`` fall in a window."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(key, 0, ex=window_seconds, nx=True)
        pipe.incr(key)
        pipe.ttl(key)
        _, attempts, ttl = await pipe.execute()
    if attempts > limit:
        raise RateLimited(
            retry_after=max(int(ttl), 1), detail="Too many login attempts; try again later."
        )


async def reset(redis: Redis, key: str) -> None:
    await redis.delete(key)
