"""The outbox dispatcher: woken by NOTIFY at commit, polling when it cannot listen."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.routing.dispatcher import Dispatcher
from helpdesk_api.routing.triggers import DRAIN_JOB
from tests.routing.conftest import MakeTeam, RoutedTeam, eventually, start_conversation


class RecordingQueue:
    def __init__(self) -> None:
        self.jobs: list[tuple[str, tuple[Any, ...], str | None]] = []

    async def enqueue(
        self, name: str, *args: Any, defer_until: object = None, job_id: str | None = None
    ) -> None:
        self.jobs.append((name, args, job_id))


@contextlib.asynccontextmanager
async def running(dispatcher: Dispatcher) -> AsyncIterator[None]:
    task = asyncio.create_task(dispatcher.run())
    try:
        await asyncio.sleep(0.3)  # listening
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _drains_for(queue: RecordingQueue, routed: RoutedTeam) -> list[str | None]:
    return [job_id for name, args, job_id in queue.jobs if args == (str(routed.team.id),)]


async def test_a_commit_wakes_the_dispatcher_without_waiting_for_the_poll(
    client: httpx.AsyncClient,
    routed_team: MakeTeam,
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
) -> None:
    routed = await routed_team()
    queue = RecordingQueue()
    dispatcher = Dispatcher(sessionmaker, queue, database_url, poll=600)
    async with running(dispatcher):
        await start_conversation(client, routed)

        async def drained() -> bool:
            return bool(await _drains_for(queue, routed))

        await eventually(drained, within=5)
    [(name, _, job_id)] = [j for j in queue.jobs if j[1] == (str(routed.team.id),)]
    assert name == DRAIN_JOB
    assert job_id is not None
    assert job_id.startswith(f"drain:{routed.team.id}:")


async def test_without_listen_it_polls(
    client: httpx.AsyncClient,
    routed_team: MakeTeam,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    routed = await routed_team()
    queue = RecordingQueue()
    unreachable = "postgresql://nobody@127.0.0.1:1/none"
    dispatcher = Dispatcher(sessionmaker, queue, unreachable, poll=0.1)
    async with running(dispatcher):
        await start_conversation(client, routed)

        async def drained() -> bool:
            return bool(await _drains_for(queue, routed))

        await eventually(drained, within=5)
