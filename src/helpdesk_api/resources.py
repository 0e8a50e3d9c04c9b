"""Process-wide connections, created once per process by the app's lifespan or a job."""

from dataclasses import dataclass

from arq.connections import ArqRedis
from redis.asyncio import ConnectionPool, Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helpdesk_api.db import create_engine, create_sessionmaker
from helpdesk_api.kit.jobs import ArqJobQueue
from helpdesk_api.settings import Settings


@dataclass
class Resources:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    #: Sessions of read-only requests: each statement on its own, no BEGIN and COMMIT.
    reader: async_sessionmaker[AsyncSession]
    redis: Redis
    jobs: ArqJobQueue

    @classmethod
    def open(cls, settings: Settings) -> "Resources":
        if settings.database_url is None or settings.redis_url is None:
            raise RuntimeError("database_url and redis_url must be resolved before opening")
        engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
        return cls(
            settings=settings,
            engine=engine,
            sessionmaker=create_sessionmaker(engine),
            reader=create_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT")),
            redis=Redis.from_url(settings.redis_url, decode_responses=True),
            jobs=ArqJobQueue(
                ArqRedis(
                    ConnectionPool.from_url(settings.redis_url),
                    default_queue_name=settings.job_queue,
                )
            ),
        )

    async def close(self) -> None:
        await self.redis.aclose()
        await self.jobs.redis.aclose()
        await self.engine.dispose()
