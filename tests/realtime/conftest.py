"""A real server on a real socket, real Socket.IO clients, and the worker dispatching."""

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import socketio
import uvicorn
from arq.worker import Worker

from helpdesk_api.app import create_app
from helpdesk_api.settings import Settings
from helpdesk_api.worker import running_worker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class LiveServer:
    url: str
    settings: Settings


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[LiveServer]:
    """The whole app (REST and Socket.IO) under uvicorn on a loopback port."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", settings)
    finally:
        server.should_exit = True
        await task


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[LiveServer]:
    async with serving(settings) as server:
        yield server


@pytest.fixture
async def dispatching(settings: Settings) -> AsyncIterator[Worker]:
    """The worker with the outbox dispatcher: what publishes events to the sockets."""
    async with running_worker(settings) as worker:
        yield worker


@dataclass
class Socket:
    """A Socket.IO client on one namespace, keeping every envelope it receives."""

    namespace: str
    client: socketio.AsyncClient = field(
        default_factory=lambda: socketio.AsyncClient(reconnection=False)
    )
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: list[Any] = field(default_factory=list)
    disconnected: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        async def any_event(event: str, data: dict[str, Any]) -> None:
            self.received.append(data)

        async def connect_error(data: Any) -> None:
            self.refused.append(data)

        async def disconnect(*_: Any) -> None:
            self.disconnected.set()

        self.client.on("*", any_event, namespace=self.namespace)
        self.client.on("connect_error", connect_error, namespace=self.namespace)
        self.client.on("disconnect", disconnect, namespace=self.namespace)

    async def connect(self, server: LiveServer, auth: dict[str, Any]) -> "Socket":
        self.disconnected.clear()
        await self.client.connect(
            server.url,
            namespaces=[self.namespace],
            auth=auth,
            transports=["websocket"],
            wait_timeout=10,
        )
        return self

    async def close(self) -> None:
        await self.client.disconnect()

    async def call(self, event: str, data: dict[str, Any]) -> Any:
        return await self.client.call(event, data, namespace=self.namespace, timeout=10)

    def of_type(self, type: str) -> list[dict[str, Any]]:
        return [e for e in self.received if e["type"] == type]

    def seqs(self) -> list[int]:
        return [e["seq"] for e in self.received if e["seq"] is not None]

    async def until(
        self, check: Callable[[list[dict[str, Any]]], bool], *, within: float = 15.0
    ) -> None:
        await wait_for(lambda: check(self.received), within=within)


async def wait_for(check: Callable[[], bool], *, within: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


Connect = Callable[..., Awaitable[Socket]]


@pytest.fixture
async def connect(live: LiveServer) -> AsyncIterator[Connect]:
    """Open sockets on the live server; all are closed after the test."""
    opened: list[Socket] = []

    async def open_socket(namespace: str, **auth: Any) -> Socket:
        sock = Socket(namespace)
        opened.append(sock)
        return await sock.connect(live, auth)

    yield open_socket
    for sock in opened:
        with contextlib.suppress(Exception):
            await sock.close()


def messages_of(sock: Socket, conversation_id: object) -> list[dict[str, Any]]:
    """The message.created envelopes a socket got about one conversation."""
    return [
        e
        for e in sock.of_type("message.created")
        if e["data"]["message"]["conversation_id"] == str(conversation_id)
    ]


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


@contextlib.asynccontextmanager
async def server_process(settings: Settings, **extra_env: str) -> AsyncIterator[LiveServer]:
    """The app as `helpdesk-api serve` runs it (``create_server``), in a process of its
    own, configured by environment (``HELPDESK_*`` names in ``extra_env`` added)."""
    port = free_port()
    env = {
        **os.environ,
        "HELPDESK_DATABASE_URL": settings.database_url or "",
        "HELPDESK_REDIS_URL": settings.redis_url or "",
        "HELPDESK_REDIS_PREFIX": settings.redis_prefix,
        "HELPDESK_SECRET_KEY": settings.secret_key or "",
        "HELPDESK_DATA_DIR": str(settings.data_dir),
        "HELPDESK_DATABASE_POOL_SIZE": "4",
        **extra_env,
    }
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, waited on below
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "helpdesk_api.app:create_server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(300):
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get(f"{url}/healthz")).status_code == 200:
                        break
                assert process.poll() is None, "the server process exited"
                await asyncio.sleep(0.05)
        yield LiveServer(url, settings)
    finally:
        process.terminate()
        process.wait(timeout=20)
