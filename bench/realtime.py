"""Realtime delivery against the bare python-socketio ceiling, and idle sockets.

    .venv/bin/python -m bench.realtime [--duration 60] [--rate 100] [--only bare,ours,idle]

Makes a fresh database (``--database-url``, default ``helpdesk_realtime`` on the local
server) with bench/realtime_setup.py's account: 1,000 agents in 50 teams of 20 (one of
them the owner, one an admin) and 200 open widget conversations routed to them by the real
worker. Then, one after the other, on this machine's PostgreSQL and Redis:

1. **bare**: a minimal python-socketio server (bench/realtime_bare.py, its own uvicorn
   process) with the same 1,000 + 200 client sockets, each in the rooms of the
   conversations it would hear; a driver emits ``--rate`` messages a second, round robin
   over the conversations, each to the staff room on ``/agent`` and the widget room on
   ``/widget``, through Redis (a ``write_only`` ``AsyncRedisManager``), for ``--duration``
   seconds: the same deliveries as the app's run.
2. **ours**: the real server (``helpdesk-api serve``) and worker (the outbox dispatcher),
   1,000 ``/agent`` sockets (access tokens) and 200 ``/widget`` sockets (contact tokens);
   ``--rate`` messages a second over REST, round robin over the conversations, in turns
   by the assignee (``POST /conversations/{id}/messages``) and the customer (``POST
   /widget/conversations/{id}/messages``). Latency runs from just before the POST to the
   receipt at each subscriber. Expected deliveries are computed from who may see each
   message (bench/realtime_setup.py); lost and duplicated must both be 0.
3. **idle**: ``--idle-sockets`` agent sockets (each its own user) connected to a fresh
   server, and as many to a fresh bare server; the server's RSS (``VmRSS``) before and
   after, per connection.

The clients run in ``--client-processes`` processes; clients and servers share the
machine's cores.
"""

import argparse
import asyncio
import contextlib
import os
import signal
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from bench import realtime_load
from bench.realtime_clients import ClientPool, SocketSpec, raise_fd_limit
from bench.realtime_load import Figures
from bench.realtime_setup import (
    Plan,
    analyze,
    open_conversations,
    prepare,
    read_plan,
    wait_routed,
)
from bench.routing import worker_process
from bench.server import AppServer
from bench.throughput import cpu_seconds, uvicorn_server

SECRET_KEY = "bench-realtime-secret-key-0123456789abcdef"
QUIET_TIMEOUT_SECONDS = 120.0
PHASES = ("bare", "ours", "idle")


# --- processes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    url: str
    pid: int
    channel: str


@contextlib.contextmanager
def bare_server(redis_url: str) -> Iterator[Served]:
    channel = f"bench-realtime-bare-{uuid.uuid4().hex[:8]}"
    env = {"BENCH_RT_REDIS_URL": redis_url, "BENCH_RT_CHANNEL": channel}
    with uvicorn_server("bench.realtime_bare:app", env, None) as (url, pid):
        yield Served(url, pid, channel)


def app_env(args: argparse.Namespace) -> dict[str, str]:
    """Exported, so the server and worker processes share the run's Redis prefix."""
    env = {
        "HELPDESK_DATABASE_URL": args.database_url,
        "HELPDESK_REDIS_URL": args.redis_url,
        "HELPDESK_REDIS_PREFIX": args.redis_prefix,
        "HELPDESK_SECRET_KEY": SECRET_KEY,
        "HELPDESK_WIDGET_SESSIONS_PER_IP_PER_HOUR": "1000000",
    }
    os.environ.update(env)
    return {**os.environ, **env}


@contextlib.contextmanager
def app_server(args: argparse.Namespace, *, worker: bool) -> Iterator[tuple[Served, int | None]]:
    """The real server, and the real worker unless ``worker`` is False; yields the
    server and the worker's pid."""
    env = app_env(args)
    channel = f"{args.redis_prefix}socketio"
    with contextlib.ExitStack() as stack:
        worker_pid = stack.enter_context(worker_process(env)).pid if worker else None
        server = stack.enter_context(AppServer(args.database_url, args.redis_url, SECRET_KEY))
        yield Served(server.base_url, server.pid, channel), worker_pid


@contextlib.asynccontextmanager
async def clients(
    url: str, specs: list[SocketSpec], args: argparse.Namespace, quiet: list[int]
) -> AsyncIterator[ClientPool]:
    """Connected sockets; waits until the ``quiet`` processes stop working on the
    connections (presence announcements) before yielding."""
    pool = ClientPool(url, specs, args.client_processes)
    try:
        cpu = sum(cpu_seconds(p) for p in quiet)
        connected, errors = await pool.connect()
        pool.server_cpu = sum(cpu_seconds(p) for p in quiet) - cpu
        print(
            f"  {connected} of {len(specs)} sockets connected in {pool.connect_seconds:.1f} s"
            f" ({len(errors)} refused or failed); server CPU meanwhile {pool.server_cpu:.1f} s"
        )
        for error in sorted(set(errors))[:5]:
            print(f"    {error}")
        waited = await wait_quiet(quiet)
        print(f"  server quiet {waited:.1f} s after the last connection")
        yield pool
    finally:
        await pool.close()


async def wait_quiet(pids: list[int]) -> float:
    """Seconds until the processes use under 10% of a core over a second (at most
    :data:`QUIET_TIMEOUT_SECONDS`)."""
    began = time.monotonic()
    while time.monotonic() - began < QUIET_TIMEOUT_SECONDS:
        before = sum(cpu_seconds(p) for p in pids)
        await asyncio.sleep(1.0)
        if sum(cpu_seconds(p) for p in pids) - before < 0.1:
            break
    return time.monotonic() - began


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


# --- the sockets ----------------------------------------------------------------------


def bare_specs(plan: Plan) -> list[SocketSpec]:
    rooms_of: dict[int, list[str]] = {n: [] for n in range(plan.agents)}
    for n, room in enumerate(plan.rooms):
        for socket in room.staff:
            rooms_of[socket].append(f"c:{n}")
    specs = [SocketSpec(n, "/agent", {"rooms": rooms_of[n]}) for n in range(plan.agents)]
    specs += [
        SocketSpec(r.widget, "/widget", {"rooms": [f"c:{n}"]}) for n, r in enumerate(plan.rooms)
    ]
    return specs


def app_specs(plan: Plan) -> list[SocketSpec]:
    specs = [SocketSpec(n, "/agent", {"token": plan.tokens[n]}) for n in range(plan.agents)]
    specs += [
        SocketSpec(r.widget, "/widget", {"contact_token": r.contact_token}) for r in plan.rooms
    ]
    return specs


# --- the phases -----------------------------------------------------------------------


async def run_bare(plan: Plan, args: argparse.Namespace) -> Figures:
    print("\n== bare python-socketio: same sockets, rooms and deliveries ==")
    with bare_server(args.redis_url) as served:
        async with clients(served.url, bare_specs(plan), args, [served.pid]) as pool:
            figures = await realtime_load.drive_bare(pool, plan, served, args)
    figures.print("bare")
    return figures


async def run_ours(plan: Plan, args: argparse.Namespace) -> Figures:
    print("\n== ours: helpdesk-api serve + worker ==")
    with app_server(args, worker=True) as (served, worker_pid):
        assert worker_pid is not None
        async with clients(served.url, app_specs(plan), args, [served.pid, worker_pid]) as pool:
            figures = await realtime_load.drive_app(pool, plan, served, worker_pid, args)
    figures.print("ours")
    return figures


@dataclass(frozen=True)
class Idle:
    sockets: int
    connect_seconds: float
    connect_cpu: float
    before_kb: int
    after_kb: int
    cpu_percent: float

    @property
    def per_socket_kb(self) -> float:
        return (self.after_kb - self.before_kb) / max(self.sockets, 1)


async def idle(served: Served, specs: list[SocketSpec], args: argparse.Namespace) -> Idle:
    async with clients(served.url, specs[:10], args, [served.pid]):
        pass  # warm-up: the code paths of a connection, once
    await wait_quiet([served.pid])
    before = rss_kb(served.pid)
    async with clients(served.url, specs, args, [served.pid]) as pool:
        await asyncio.sleep(args.settle)
        after = rss_kb(served.pid)
        cpu = cpu_seconds(served.pid)
        await asyncio.sleep(10)
        cpu = (cpu_seconds(served.pid) - cpu) * 10
    result = Idle(pool.connected, pool.connect_seconds, pool.server_cpu, before, after, cpu)
    print(
        f"  RSS {before / 1024:.1f} MB → {after / 1024:.1f} MB:"
        f" {result.per_socket_kb:.1f} KB per idle socket; CPU while idle {cpu:.1f}% of a core"
    )
    return result


async def run_idle(plan: Plan, args: argparse.Namespace) -> tuple[Idle, Idle]:
    count = args.idle_sockets
    print(f"\n== idle: {count} agent sockets, bare then ours ==")
    bare = [SocketSpec(n, "/agent", {"rooms": ["account", f"user:{n}"]}) for n in range(count)]
    with bare_server(args.redis_url) as served:
        bare_idle = await idle(served, bare, args)
    ours = [SocketSpec(n, "/agent", {"token": plan.tokens[n]}) for n in range(count)]
    with app_server(args, worker=False) as (served, _):
        ours_idle = await idle(served, ours, args)
    return bare_idle, ours_idle


async def setup(args: argparse.Namespace) -> Plan:
    print(f"preparing {args.database_url} …")
    keys = await prepare(args.database_url, args)
    with app_server(args, worker=True) as (served, _):
        opened = await open_conversations(served.url, keys, args.conversations)
        await wait_routed(args.database_url, args.conversations)
    await analyze(args.database_url)
    plan = await read_plan(args.database_url, SECRET_KEY, opened, args.agents)
    sizes = sorted(len(r.audience) for r in plan.rooms)
    print(
        f"{args.agents} agents in {args.teams} teams, {args.idle_sockets} staff in all;"
        f" {len(plan.rooms)} conversations routed; each message is heard by"
        f" {sizes[0]} to {sizes[-1]} sockets (mean {sum(sizes) / len(sizes):.1f})"
    )
    return plan


def summary(
    bare: Figures | None, ours: Figures | None, idle_figures: tuple[Idle, Idle] | None
) -> None:
    print("\n== summary ==")
    if ours and (ours.sent + ours.failed) / ours.seconds < 0.95 * ours.rate:
        print(
            f"the app did not keep up with {ours.rate} messages/s: its latencies are mostly"
            " time queued behind other requests"
        )
    if bare and ours:
        print(
            f"p99 POST → receipt {ours.p99:.1f} ms vs bare emit → receipt {bare.p99:.1f} ms:"
            f" {ours.p99 / bare.p99:.2f}x (target ≤ 1.5x)"
        )
        if ours.fanout_p99 is not None:
            print(
                f"p99 Redis publish → receipt {ours.fanout_p99:.1f} ms:"
                f" {ours.fanout_p99 / bare.p99:.2f}x the bare p99 (the fan-out alone)"
            )
    if ours:
        verdict = "ok" if ours.lost == ours.duplicated == ours.unexpected == 0 else "FAILED"
        print(
            f"lost {ours.lost}, duplicated {ours.duplicated}, to a socket that may not see it"
            f" {ours.unexpected} (must all be 0): {verdict}"
        )
    if idle_figures:
        bare_idle, ours_idle = idle_figures
        for name, figures in (("bare", bare_idle), ("ours", ours_idle)):
            print(
                f"idle {name}: {figures.sockets} sockets held, {figures.per_socket_kb:.1f} KB"
                f" each; connected in {figures.connect_seconds:.0f} s using"
                f" {figures.connect_cpu:.0f} s of server CPU; idle CPU"
                f" {figures.cpu_percent:.1f}% of a core"
            )
        print("target: ≥ 2,000 sockets, ≤ 48 KB each (python-socketio's own figure is ~40 KB)")


async def run(args: argparse.Namespace) -> None:
    raise_fd_limit()
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    plan = await setup(args)
    bare = await run_bare(plan, args) if "bare" in args.only else None
    ours = await run_ours(plan, args) if "ours" in args.only else None
    idle_figures = await run_idle(plan, args) if "idle" in args.only else None
    summary(bare, ours, idle_figures)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/helpdesk_realtime"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--rate", type=int, default=100, help="messages a second")
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--conversations", type=int, default=200, help="= widget sockets")
    parser.add_argument("--idle-sockets", type=int, default=2000)
    parser.add_argument("--client-processes", type=int, default=4)
    parser.add_argument("--settle", type=float, default=5.0, help="seconds before idle RSS")
    parser.add_argument(
        "--only", default=",".join(PHASES), help="comma-separated: bare, ours, idle"
    )
    args = parser.parse_args(argv)
    args.only = set(args.only.split(","))
    args.idle_sockets = max(args.idle_sockets, args.agents)
    args.redis_prefix = f"helpdesk-bench-rt-{uuid.uuid4().hex[:6]}:"
    return args


def main(argv: list[str] | None = None) -> None:
    # SIGTERM unwinds like Ctrl-C, so that every server and client process is stopped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    main()
