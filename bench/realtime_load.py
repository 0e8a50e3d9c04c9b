"""The realtime benchmark's load: messages at a steady rate, and what the sockets got.

The bare driver emits through Redis as python-socketio documents it (a ``write_only``
``AsyncRedisManager``); the app's load is REST posts, the assignee's replies and the
customer's messages in turns. Both keep the send time of each message (``time.time()``
just before the emit or the POST, keyed by message id), the client processes keep the
receipt times, and :func:`analyse` joins them against who should have heard each one.

For the app, a subscriber on the Socket.IO Redis channel also stamps when each message
was published by the worker's outbox dispatcher, splitting the latency into "POST →
publish" (HTTP, commit, NOTIFY, dispatch) and "publish → receipt" (the fan-out, the part
the bare server does).
"""

import argparse
import asyncio
import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from redis.asyncio import Redis

from bench.realtime_bare import bare_envelope, emitter
from bench.realtime_clients import ClientPool, Collected
from bench.realtime_setup import API, Plan
from bench.throughput import cpu_seconds

DRAIN_TIMEOUT_SECONDS = 30.0
POST_CONNECTIONS = 100
POST_TIMEOUT_SECONDS = 60.0
#: After the last expected delivery, how long a late duplicate still has to show up.
DUPLICATE_GRACE_SECONDS = 2.0

#: message id → (send time, conversation number)
Sent = dict[str, tuple[float, int]]


def percentile(values: list[float], q: float) -> float:
    """Nearest rank; ``values`` sorted."""
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(q / 100 * len(values)) - 1))]


def _spread(values: list[float]) -> str:
    ordered = sorted(values)
    return (
        f"p50 {percentile(ordered, 50):.1f} ms · p99 {percentile(ordered, 99):.1f} ms"
        f" · max {ordered[-1] if ordered else float('nan'):.1f} ms"
    )


@dataclass
class Figures:
    rate: int
    sent: int
    failed: int
    seconds: float
    expected: int
    received: int
    latencies: list[float]
    collected: Collected
    leaked: int
    unknown: int
    cpu: dict[str, float]
    post: list[float] = field(default_factory=list)
    to_publish: list[float] = field(default_factory=list)
    fanout: list[float] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return self.expected - self.received

    @property
    def duplicated(self) -> int:
        return self.collected.duplicates

    @property
    def unexpected(self) -> int:
        return self.leaked

    @property
    def p99(self) -> float:
        return percentile(sorted(self.latencies), 99)

    @property
    def fanout_p99(self) -> float | None:
        return percentile(sorted(self.fanout), 99) if self.fanout else None

    def print(self, label: str) -> None:
        c = self.collected
        print(
            f"  {self.sent + self.failed} messages sent at {self.rate}/s, {self.failed} failed;"
            f" the last one done after {self.seconds:.1f} s"
            f" ({(self.sent + self.failed) / self.seconds:.0f}/s sustained)"
        )
        print(
            f"  deliveries expected {self.expected}, received {self.received}:"
            f" lost {self.lost}, duplicated {c.duplicates}, out of order {c.out_of_order},"
            f" to a socket that may not see it {self.leaked}, of unknown messages"
            f" {self.unknown}; sockets dropped {c.disconnected}"
        )
        print(
            f"  {label} send → receipt: {_spread(self.latencies)};"
            f" {len(self.latencies) / self.seconds:,.0f} deliveries/s"
        )
        if self.post:
            print(f"  POST → 201: {_spread(self.post)}")
        if self.to_publish:
            sizes = sorted(self.batches)
            print(
                f"  POST → published on Redis: {_spread(self.to_publish)}"
                f" ({len(sizes)} batches, median {percentile(sizes, 50):.0f} events)"
            )
            print(f"  published → receipt (the fan-out): {_spread(self.fanout)}")
        usage = ", ".join(
            f"{name} {seconds:.1f} s ({100 * seconds / self.seconds:.0f}% of a core)"
            for name, seconds in self.cpu.items()
        )
        print(f"  CPU during the load: {usage}")
        if self.sent:
            spent = self.cpu.get("server", 0) + self.cpu.get("worker", 0)
            print(
                f"  server CPU per message (with the worker's): {1000 * spent / self.sent:.1f} ms"
            )


def analyse(
    plan: Plan,
    sent: Sent,
    collected: Collected,
    seconds: float,
    failed: int,
    cpu: dict[str, float],
    rate: int,
) -> Figures:
    expected = sum(len(plan.rooms[room].audience) for _, room in sent.values())
    got: set[tuple[int, str]] = set()
    latencies, leaked, unknown = [], 0, 0
    for socket, message_id, at in collected.receipts:
        sending = sent.get(message_id)
        if sending is None:
            unknown += 1
        elif socket not in plan.rooms[sending[1]].audience:
            leaked += 1
        else:
            got.add((socket, message_id))
            latencies.append((at - sending[0]) * 1000)
    return Figures(
        rate,
        len(sent),
        failed,
        seconds,
        expected,
        len(got),
        latencies,
        collected,
        leaked,
        unknown,
        cpu,
    )


async def _pace(began: float, n: int, rate: int) -> None:
    delay = began + n / rate - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


async def drain(pool: ClientPool, expected: int) -> None:
    """Wait for the expected deliveries (or :data:`DRAIN_TIMEOUT_SECONDS`), then a little."""
    deadline = time.monotonic() + DRAIN_TIMEOUT_SECONDS
    for _ in range(int(DRAIN_TIMEOUT_SECONDS / 0.5)):
        if time.monotonic() > deadline or await pool.count() >= expected:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(DUPLICATE_GRACE_SECONDS)


def _cpu(pids: dict[str, list[int]]) -> dict[str, float]:
    return {name: sum(cpu_seconds(p) for p in group) for name, group in pids.items()}


def _used(before: dict[str, float], pids: dict[str, list[int]]) -> dict[str, float]:
    after = _cpu(pids)
    return {name: after[name] - before[name] for name in before}


async def drive_bare(
    pool: ClientPool, plan: Plan, served: Any, args: argparse.Namespace
) -> Figures:
    """Emit ``--rate`` messages a second for ``--duration`` seconds, each to its
    conversation's staff room on /agent and widget room on /widget."""
    publisher = emitter(args.redis_url, served.channel)
    pids = {"server": [served.pid], "clients": pool.pids, "driver": [os.getpid()]}
    before = _cpu(pids)
    sent: Sent = {}
    total = args.rate * args.duration
    began = time.monotonic()
    for n in range(total):
        await _pace(began, n, args.rate)
        room = n % len(plan.rooms)
        message = bare_envelope(n + 1, f"m{n}", plan.rooms[room].id)
        at = time.time()
        await publisher.emit("message.created", message, room=f"c:{room}", namespace="/agent")
        await publisher.emit("message.created", message, room=f"c:{room}", namespace="/widget")
        sent[f"m{n}"] = (at, room)
    seconds = time.monotonic() - began
    cpu = _used(before, pids)
    await publisher.redis.aclose()
    expected = sum(len(plan.rooms[room].audience) for _, room in sent.values())
    await drain(pool, expected)
    return analyse(plan, sent, await pool.collect(), seconds, 0, cpu, args.rate)


class Tap:
    """Stamps each ``message.created`` as the dispatcher publishes it on the channel."""

    def __init__(self, redis_url: str, channel: str) -> None:
        self.redis = Redis.from_url(redis_url)
        self.channel = channel
        self.published: dict[str, float] = {}
        self.batches: list[int] = []
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> "Tap":
        pubsub = self.redis.pubsub()
        await pubsub.subscribe(self.channel)
        self._task = asyncio.create_task(self._listen(pubsub))
        return self

    async def _listen(self, pubsub: Any) -> None:
        async with pubsub:
            while True:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message is None:
                    continue
                at = time.time()
                data = json.loads(message["data"])
                if data.get("method") != "helpdesk.events":
                    continue
                self.batches.append(len(data["events"]))
                for event in data["events"]:
                    if event["type"] == "message.created":
                        self.published[event["data"]["message"]["id"]] = at

    async def __aexit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.redis.aclose()


async def _post_all(
    base_url: str, plan: Plan, args: argparse.Namespace
) -> tuple[Sent, list[float], list[str]]:
    """Post at ``--rate`` whatever the server's pace (open loop). aiohttp, not httpx: the
    httpx pool scans every queued request for each one it assigns, which makes the load
    generator the bottleneck as soon as the server falls behind."""
    sent: Sent = {}
    post_ms: list[float] = []
    failures: list[str] = []
    connector = aiohttp.TCPConnector(limit=POST_CONNECTIONS)
    timeout = aiohttp.ClientTimeout(total=POST_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(
        base_url + API + "/", connector=connector, timeout=timeout
    ) as http:

        async def post(n: int) -> None:
            number = n % len(plan.rooms)
            room = plan.rooms[number]
            if (n // len(plan.rooms)) % 2:
                path = f"widget/conversations/{room.id}/messages"
                token, text = room.contact_token, f"Customer message {n}"
            else:
                path = f"conversations/{room.id}/messages"
                token, text = room.agent_token, f"Agent reply {n}"
            at = time.time()
            try:
                async with http.post(
                    path, headers={"Authorization": f"Bearer {token}"}, json={"text": text}
                ) as response:
                    body = await response.read()
            except (aiohttp.ClientError, TimeoutError) as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                return
            post_ms.append((time.time() - at) * 1000)
            if response.status != 201:
                failures.append(f"{response.status} {body[:200]!r}")
                return
            sent[json.loads(body)["id"]] = (at, number)

        tasks = []
        began = time.monotonic()
        for n in range(args.rate * args.duration):
            await _pace(began, n, args.rate)
            tasks.append(asyncio.create_task(post(n)))
            if n and n % (args.rate * 10) == 0:
                done = sum(t.done() for t in tasks)
                print(
                    f"  … {n} messages posted, {done} answered, {len(failures)} failed", flush=True
                )
        await asyncio.gather(*tasks)
    return sent, post_ms, failures


async def drive_app(
    pool: ClientPool, plan: Plan, served: Any, worker_pid: int, args: argparse.Namespace
) -> Figures:
    pids = {
        "server": [served.pid],
        "worker": [worker_pid],
        "clients": pool.pids,
        "poster": [os.getpid()],
    }
    async with Tap(args.redis_url, served.channel) as tap:
        before = _cpu(pids)
        began = time.monotonic()
        sent, post_ms, failures = await _post_all(served.url, plan, args)
        seconds = time.monotonic() - began
        cpu = _used(before, pids)
        expected = sum(len(plan.rooms[room].audience) for _, room in sent.values())
        await drain(pool, expected)
    for failure in sorted(set(failures))[:5]:
        print(f"  failed: {failure}")
    figures = analyse(plan, sent, await pool.collect(), seconds, len(failures), cpu, args.rate)
    figures.post = post_ms
    figures.batches = tap.batches
    figures.to_publish = [
        (tap.published[m] - at) * 1000 for m, (at, _) in sent.items() if m in tap.published
    ]
    receipts = figures.collected.receipts
    figures.fanout = [(at - tap.published[m]) * 1000 for _, m, at in receipts if m in tap.published]
    return figures
