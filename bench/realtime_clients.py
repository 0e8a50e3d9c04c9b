"""Socket.IO client processes for the realtime benchmark.

The sockets are spread over a few processes (``python -m bench.realtime_clients``, each
talking to its parent over a socket pair) so that the client side is not what limits the
figures. Each process connects its share with
``socketio.AsyncClient`` over WebSocket and keeps, per socket, every envelope that has a
``seq``: a seq it already had counts as a duplicate, an older one after a newer one as out
of order, and a ``message.created`` is recorded as (socket, message id, receipt time).
The parent drives the processes through a :class:`ClientPool` and joins the receipts with
the send times it kept: both sides read ``time.time()`` on the same machine.
"""

import asyncio
import contextlib
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import socketio  # type: ignore[import-untyped]

CONNECT_AT_ONCE = 25
PROGRESS_EVERY_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 900.0
ANSWER_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class SocketSpec:
    """One client socket: its number in the run, namespace and ``auth``."""

    index: int
    namespace: str
    auth: dict[str, Any]


#: (socket index, message id, receipt time)
Receipt = tuple[int, str, float]


@dataclass
class Collected:
    receipts: list[Receipt] = field(default_factory=list)
    duplicates: int = 0
    out_of_order: int = 0
    ephemeral: int = 0
    disconnected: int = 0


class _Receiver:
    def __init__(self, spec: SocketSpec, collected: Collected) -> None:
        self.spec = spec
        self.collected = collected
        self.seqs: set[int] = set()
        self.last_seq = 0
        self.connected = False
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("*", self.on_event, namespace=spec.namespace)
        self.client.on("disconnect", self.on_disconnect, namespace=spec.namespace)

    def on_event(self, event: str, envelope: Any) -> None:
        now = time.time()
        seq = envelope.get("seq") if isinstance(envelope, dict) else None
        if seq is None:
            self.collected.ephemeral += 1
            return
        if seq in self.seqs:
            self.collected.duplicates += 1
            return
        self.seqs.add(seq)
        if seq < self.last_seq:
            self.collected.out_of_order += 1
        self.last_seq = max(self.last_seq, seq)
        if event == "message.created":
            message_id = envelope["data"]["message"]["id"]
            self.collected.receipts.append((self.spec.index, message_id, now))

    def on_disconnect(self, *_: Any) -> None:
        if self.connected:
            self.collected.disconnected += 1
        self.connected = False

    async def connect(self, url: str) -> str | None:
        try:
            await self.client.connect(
                url,
                namespaces=[self.spec.namespace],
                auth=self.spec.auth,
                transports=["websocket"],
                wait_timeout=30,
            )
        except Exception as exc:  # reported to the parent
            return f"{type(exc).__name__}: {exc}"
        self.connected = True
        return None


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def child_main() -> None:
    """A client process: ``python -m bench.realtime_clients FD``, FD its end of a socket
    pair; answers its parent's commands until ``close``."""
    conn = Connection(int(sys.argv[1]))
    url, specs = conn.recv()
    raise_fd_limit()
    asyncio.run(_serve(url, specs, conn))


async def _serve(url: str, specs: list[SocketSpec], conn: Connection) -> None:
    collected = Collected()
    receivers = [_Receiver(spec, collected) for spec in specs]
    loop = asyncio.get_running_loop()
    while True:
        command = await loop.run_in_executor(None, conn.recv)
        if command == "connect":
            errors = await _connect_all(url, receivers, conn)
            conn.send(("connected", sum(r.connected for r in receivers), errors))
        elif command == "count":
            conn.send(len(collected.receipts))
        elif command == "collect":
            conn.send(collected)
            collected.receipts = []
        elif command == "close":
            await asyncio.gather(
                *(r.client.disconnect() for r in receivers if r.connected),
                return_exceptions=True,
            )
            conn.send("closed")
            return


async def _connect_all(url: str, receivers: list[_Receiver], conn: Connection) -> list[str]:
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    errors: list[str] = []
    done = 0

    async def one(receiver: _Receiver) -> None:
        nonlocal done
        async with gate:
            error = await receiver.connect(url)
        done += 1
        if error is not None:
            errors.append(error)

    async def progress() -> None:
        while True:
            await asyncio.sleep(PROGRESS_EVERY_SECONDS)
            conn.send(("progress", done))

    reporter = asyncio.create_task(progress())
    try:
        await asyncio.gather(*(one(r) for r in receivers))
    finally:
        reporter.cancel()
    return errors


class ClientPool:
    """``processes`` client processes sharing ``specs``; every call waits for all of them."""

    def __init__(self, url: str, specs: Sequence[SocketSpec], processes: int) -> None:
        self.url = url
        self.size = len(specs)
        self.connected = 0
        self.connect_seconds = 0.0
        #: CPU seconds the servers spent while the sockets connected (set by the caller).
        self.server_cpu = 0.0
        self._conns: list[Connection] = []
        self._processes: list[subprocess.Popen[bytes]] = []
        for n in range(min(processes, len(specs))):
            mine, theirs = socket.socketpair()
            with theirs:
                fd = theirs.fileno()
                command = [sys.executable, "-m", "bench.realtime_clients", str(fd)]
                self._processes.append(subprocess.Popen(command, pass_fds=[fd]))  # noqa: S603
            conn = Connection(mine.detach())
            conn.send((url, list(specs[n::processes])))
            self._conns.append(conn)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self._processes]

    async def _ask(self, command: str) -> list[Any]:
        for conn in self._conns:
            conn.send(command)
        return [await _receive(conn) for conn in self._conns]

    async def connect(self) -> tuple[int, list[str]]:
        """Connect every socket, printing progress; returns (connected, errors)."""
        for conn in self._conns:
            conn.send("connect")
        began = time.monotonic()
        deadline = began + CONNECT_TIMEOUT_SECONDS
        progress = [0] * len(self._conns)
        results: dict[int, tuple[int, list[str]]] = {}
        last_print = time.monotonic()
        while len(results) < len(self._conns):
            if time.monotonic() > deadline:
                raise TimeoutError(f"sockets still connecting: {progress} of {self.size}")
            for n, conn in enumerate(self._conns):
                while n not in results and conn.poll():
                    message = conn.recv()
                    if message[0] == "progress":
                        progress[n] = message[1]
                    else:
                        results[n] = (message[1], message[2])
                        progress[n] = message[1]
            if time.monotonic() - last_print >= PROGRESS_EVERY_SECONDS:
                print(f"  … {sum(progress)} of {self.size} sockets connected", flush=True)
                last_print = time.monotonic()
            await asyncio.sleep(0.1)
        self.connected = sum(r[0] for r in results.values())
        self.connect_seconds = time.monotonic() - began
        return self.connected, [e for r in results.values() for e in r[1]]

    async def count(self) -> int:
        return sum(await self._ask("count"))

    async def collect(self) -> Collected:
        total = Collected()
        for part in await self._ask("collect"):
            total.receipts += part.receipts
            total.duplicates += part.duplicates
            total.out_of_order += part.out_of_order
            total.ephemeral += part.ephemeral
            total.disconnected += part.disconnected
        return total

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self._ask("close")
        for process in self._processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def _receive(conn: Connection) -> Any:
    deadline = time.monotonic() + ANSWER_TIMEOUT_SECONDS
    while not conn.poll():
        if time.monotonic() > deadline:
            raise TimeoutError("a client process did not answer")
        await asyncio.sleep(0.05)
    return conn.recv()


if __name__ == "__main__":
    # Through the imported module, so that what it sends back unpickles in the parent.
    from bench import realtime_clients

    realtime_clients.child_main()
