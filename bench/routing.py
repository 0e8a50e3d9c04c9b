"""Routing under a steady stream of new conversations.

    .venv/bin/python -m bench.routing [--duration 60] [--rate 20] [--agents 50] [--teams 10]

Makes a fresh database (``--database-url``, default ``helpdesk_routing`` on the local
server) with one account: ``--agents`` online agents spread over ``--teams`` teams (half
round robin, half least busy), each team with a web-chat inbox routing to it, every agent
with capacity ``--capacity``. It serves the real app (``helpdesk-api serve``) and runs the
real worker (``helpdesk-api worker``: the outbox dispatcher and the routing jobs) as
separate processes on the given PostgreSQL and Redis, then starts ``--rate`` widget
conversations a second for ``--duration`` seconds over the public API, each with the
customer's first message.

It prints conversations routed per second, p50/p95/p99 from the customer's message
(its ``created_at``, taken in the transaction that commits it) to the routing decision (the
``routed`` timeline row's ``created_at``, taken in the transaction that commits the
assignment), how many still wait in a queue, and the capacity check: the largest
``open assigned - max_concurrent`` over all agents, which must be ≤ 0.
"""

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
from sqlalchemy import text

from bench.generate import prepare_database
from bench.server import AppServer
from helpdesk_api.db import create_engine, create_sessionmaker, migrate
from helpdesk_api.inboxes.service import new_hmac_secret, new_widget_key
from helpdesk_api.models import Account, Inbox, Role, Team, TeamMember, User

SECRET_KEY = "bench-routing-secret-key-0123456789abcdef"
API = "/api/v1"


async def create_account(database_url: str, args: argparse.Namespace) -> list[str]:
    """The account, its agents and teams; returns the inboxes' widget keys."""
    engine = create_engine(database_url)
    keys: list[str] = []
    async with create_sessionmaker(engine)() as session:
        account = Account(name="Routing Co")
        session.add(account)
        await session.flush()
        agents = [
            User(
                account_id=account.id,
                email=f"agent{n:03}-{uuid.uuid4().hex[:6]}@routing.example",
                name=f"Agent {n:03}",
                password_hash="-",
                role=Role.agent.value,
                max_concurrent=args.capacity,
                availability="online",
                notification_preferences={},
                is_active=True,
            )
            for n in range(args.agents)
        ]
        session.add_all(agents)
        await session.flush()
        for t in range(args.teams):
            team = Team(
                account_id=account.id,
                name=f"Team {t}",
                description="",
                routing_mode="round_robin" if t % 2 == 0 else "least_busy",
            )
            session.add(team)
            await session.flush()
            session.add_all(
                TeamMember(team_id=team.id, user_id=a.id) for a in agents[t :: args.teams]
            )
            inbox = Inbox(
                account_id=account.id,
                name=f"Chat {t}",
                channel="web_chat",
                greeting="",
                auto_reply="",
                widget_key=new_widget_key(),
                hmac_secret=new_hmac_secret(),
                bot_enabled=False,
                settings={},
                is_active=True,
                default_team_id=team.id,
            )
            session.add(inbox)
            keys.append(inbox.widget_key)
        await session.commit()
    await engine.dispose()
    return keys


async def start_conversations(base_url: str, keys: list[str], args: argparse.Namespace) -> int:
    total = args.rate * args.duration
    async with httpx.AsyncClient(base_url=base_url + API, timeout=30) as client:
        tokens = []
        for n in range(total):  # sessions first, outside the measured stream
            response = await client.post(f"/widget/{keys[n % len(keys)]}/sessions", json={})
            response.raise_for_status()
            tokens.append(response.json()["contact_token"])
        print(f"{total} visitor sessions ready; starting {args.rate} conversations/s")

        async def start(token: str, n: int) -> int:
            response = await client.post(
                "/widget/conversations",
                headers={"Authorization": f"Bearer {token}"},
                json={"message": f"Hello, question number {n}"},
            )
            return response.status_code

        began = time.monotonic()
        pending = []
        for n, token in enumerate(tokens):
            delay = began + n / args.rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(asyncio.create_task(start(token, n)))
        statuses = await asyncio.gather(*pending)
    failed = sum(1 for s in statuses if s != 201)
    print(
        f"started {total - failed} conversations in {time.monotonic() - began:.1f} s"
        f" ({failed} failed)"
    )
    return total - failed


LATENCIES = text(
    """
    SELECT EXTRACT(EPOCH FROM (r.created_at - m.created_at)) * 1000 AS ms, r.created_at
    FROM conversation c
    JOIN LATERAL (SELECT min(created_at) AS created_at FROM message
                  WHERE conversation_id = c.id AND sender_type = 'contact') m ON true
    JOIN LATERAL (SELECT min(created_at) AS created_at FROM conversation_event
                  WHERE conversation_id = c.id AND type = 'routed') r ON true
    WHERE r.created_at IS NOT NULL
    """
)
OVER_CAPACITY = text(
    """
    SELECT max(coalesce(l.load, 0) - u.max_concurrent) FROM "user" u
    LEFT JOIN (SELECT assignee_id, count(*) AS load FROM conversation
               WHERE status IN ('open', 'snoozed') GROUP BY assignee_id) l
           ON l.assignee_id = u.id
    WHERE u.role = 'agent'
    """
)
QUEUED = text("SELECT count(*) FROM conversation WHERE queued_at IS NOT NULL")


async def report(database_url: str, started: int, args: argparse.Namespace) -> None:
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        deadline = time.monotonic() + 30
        expected = min(started, args.agents * args.capacity)
        rows = []
        while time.monotonic() < deadline:
            rows = (await connection.execute(LATENCIES)).all()
            if len(rows) >= expected:
                break
            await asyncio.sleep(0.5)
        over = await connection.scalar(OVER_CAPACITY)
        queued = await connection.scalar(QUEUED)
    await engine.dispose()
    if not rows:
        raise SystemExit("nothing was routed")
    latencies = sorted(float(r.ms) for r in rows)
    span = (max(r.created_at for r in rows) - min(r.created_at for r in rows)).total_seconds()
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"routed: {len(rows)} of {started} (capacity {args.agents} x {args.capacity});"
        f" still queued: {queued}"
    )
    print(f"routed per second: {len(rows) / span:.1f} over {span:.1f} s")
    print(
        f"message commit → assignment commit: p50 {cuts[49]:.0f} ms · p95 {cuts[94]:.0f} ms"
        f" · p99 {cuts[98]:.0f} ms · max {latencies[-1]:.0f} ms (target p95 < 250 ms)"
    )
    print(
        f"capacity check: max over agents of open assigned - max_concurrent = {over} (must be ≤ 0)"
    )


async def run(args: argparse.Namespace) -> None:
    await prepare_database(args.database_url, fresh=True)
    await asyncio.to_thread(migrate, args.database_url)
    keys = await create_account(args.database_url, args)
    prefix = f"helpdesk-bench-{uuid.uuid4().hex[:6]}:"
    env = {
        **os.environ,
        "HELPDESK_DATABASE_URL": args.database_url,
        "HELPDESK_REDIS_URL": args.redis_url,
        "HELPDESK_REDIS_PREFIX": prefix,
        "HELPDESK_SECRET_KEY": SECRET_KEY,
        "HELPDESK_WIDGET_SESSIONS_PER_IP_PER_HOUR": "1000000",
    }
    os.environ.update(env)
    with worker_process(env), AppServer(args.database_url, args.redis_url, SECRET_KEY) as server:
        started = await start_conversations(server.base_url, keys, args)
        await report(args.database_url, started, args)


@contextlib.contextmanager
def worker_process(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """``helpdesk-api worker``: the outbox dispatcher and the routing jobs."""
    executable = Path(sys.executable).with_name("helpdesk-api")
    with tempfile.NamedTemporaryFile(prefix="routing-worker-", suffix=".log") as log:
        worker = subprocess.Popen(  # noqa: S603 - our own entry point
            [str(executable), "--log-level", "warning", "worker"], env=env, stdout=log, stderr=log
        )
        try:
            yield worker
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            log.seek(0)
            if output := log.read().decode().strip():
                print("worker log:\n" + output[-3000:])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/helpdesk_routing"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--rate", type=int, default=20)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--capacity", type=int, default=20)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    main()
