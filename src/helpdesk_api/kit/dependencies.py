"""FastAPI dependencies shared by every router."""

from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.db import session_scope
from helpdesk_api.kit.jobs import JobQueue
from helpdesk_api.kit.pagination import MAX_LIMIT, PageParams
from helpdesk_api.resources import Resources
from helpdesk_api.settings import Settings


async def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


#: Methods that change nothing; their handlers only read.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request, resources: ResourcesDep) -> AsyncIterator[AsyncSession]:
    """One request, one transaction: committed on success, rolled back on error.

    A read-only request reads without a transaction (each query sees what is committed
    when it runs), which spares two round trips per request.
    """
    read_only = request.method in READ_ONLY_METHODS
    async with session_scope(resources.reader if read_only else resources.sessionmaker) as session:
        yield session


async def get_redis(resources: ResourcesDep) -> Redis:
    return resources.redis


async def get_settings(resources: ResourcesDep) -> Settings:
    return resources.settings


async def get_jobs(resources: ResourcesDep) -> JobQueue:
    return resources.jobs


JobsDep = Annotated[JobQueue, Depends(get_jobs)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
RedisDep = Annotated[Redis, Depends(get_redis)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def page_params(
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> PageParams:
    return PageParams(cursor=cursor, limit=limit)


PageDep = Annotated[PageParams, Depends(page_params)]

#: ``order`` of message lists: by ``seq``, oldest (asc) or newest (desc) first.
SeqOrder = Annotated[Literal["asc", "desc"], Query(description="By seq.")]
