"""Latency of ``GET /api/v1/conversations`` per filter, and the plans of its SQL.

    .venv/bin/python -m bench.list_conversations --database-url postgresql://postgres@127.0.0.1:5432/helpdesk_bench

Runs the real app (uvicorn in a subprocess) against a database filled by
``bench.generate``, sends ``--requests`` sequential requests per scenario and prints
p50/p95/max in milliseconds, then ``EXPLAIN (ANALYZE, BUFFERS)`` of each scenario's page
query as ``build_list_statement`` builds it. Figures, not a test: it exits 0 unless the
app could not be run.
"""

import argparse
import asyncio
import os
import re
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable

from bench import data
from bench.generate import MAIN_DOMAIN
from bench.server import AppServer
from helpdesk_api.auth.subject import Subject
from helpdesk_api.auth.tokens import create_access_token
from helpdesk_api.conversations.listing import build_list_statement, plan_search
from helpdesk_api.conversations.schemas import ConversationFilters
from helpdesk_api.db import create_engine, create_sessionmaker
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.models import User

TARGET_P95_MS = 50.0
SECRET_KEY = "bench-secret-key-not-for-production-0123456789"
LIST_PATH = "/api/v1/conversations"
_PLAN_NODE = re.compile(
    r"(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)? (?:using|on) (\w+)"
)


@dataclass(frozen=True)
class Fixture:
    """The rows of the generated main account the scenarios point at."""

    account_id: uuid.UUID
    admin_id: uuid.UUID
    agent_id: uuid.UUID
    team_id: uuid.UUID
    inbox_id: uuid.UUID
    label: str
    email_prefix: str
    order_number: str


@dataclass(frozen=True)
class Scenario:
    name: str
    params: dict[str, str]
    as_agent: bool = False


@dataclass
class Result:
    scenario: Scenario
    latencies_ms: list[float] = field(default_factory=list)
    rows: int = 0
    error: str | None = None

    def quantile(self, q: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]


async def load_fixture(engine: AsyncEngine) -> Fixture:
    """Pick the admin, agent, team, inbox, label and search terms from the main account."""
    async with engine.connect() as conn:
        one = (
            await conn.execute(
                text(
                    """
                    SELECT a.id AS account_id,
                      (SELECT id FROM "user" WHERE email = :admin) AS admin_id,
                      (SELECT id FROM "user" WHERE email = :agent) AS agent_id,
                      (SELECT t.id FROM team t JOIN team_member m ON m.team_id = t.id
                        JOIN "user" u ON u.id = m.user_id WHERE u.email = :agent
                        ORDER BY t.name LIMIT 1) AS team_id,
                      (SELECT id FROM inbox WHERE account_id = a.id AND channel = 'email'
                        LIMIT 1) AS inbox_id,
                      (SELECT l.name FROM label l JOIN conversation_label cl
                        ON cl.label_id = l.id WHERE l.account_id = a.id
                        GROUP BY l.name ORDER BY count(*) DESC LIMIT 1) AS label,
                      (SELECT split_part(email, '@', 1) FROM contact
                        WHERE account_id = a.id AND email LIKE '%.%@%'
                        ORDER BY identifier LIMIT 1) AS email_prefix,
                      (SELECT substring(m.text FROM '#([0-9]{6})') FROM conversation c
                        JOIN message m ON m.conversation_id = c.id
                        WHERE c.account_id = a.id AND m.text LIKE '%#%'
                        ORDER BY c.number, m.seq LIMIT 1) AS order_number
                    FROM account a JOIN "user" o ON o.account_id = a.id
                    WHERE o.email = :owner
                    """
                ),
                {
                    "owner": f"owner@{MAIN_DOMAIN}",
                    "admin": f"admin1@{MAIN_DOMAIN}",
                    "agent": f"agent01@{MAIN_DOMAIN}",
                },
            )
        ).one_or_none()
    if one is None or None in one:
        raise SystemExit("this database was not filled by bench.generate (run it first)")
    return Fixture(*one)


def scenarios(f: Fixture) -> list[Scenario]:
    name = data.COMMON_FIRST_NAME_PREFIX
    return [
        Scenario("default", {}),
        Scenario("status=open", {"status": "open"}),
        Scenario("assignee=me (agent)", {"assignee": "me"}, as_agent=True),
        Scenario("assignee=unassigned", {"assignee": "unassigned"}),
        Scenario("assignee=bot", {"assignee": "bot"}),
        Scenario("team_id", {"team_id": str(f.team_id)}),
        Scenario("inbox_id (e-mail inbox)", {"inbox_id": str(f.inbox_id)}),
        Scenario("channel=email", {"channel": "email"}),
        Scenario(f"label={f.label}", {"label": f.label}),
        Scenario("rating=5", {"rating": "5"}),
        Scenario("unanswered=true", {"unanswered": "true"}),
        Scenario("following=true (agent)", {"following": "true"}, as_agent=True),
        Scenario("sort=created", {"sort": "created"}),
        Scenario("sort=waiting", {"sort": "waiting"}),
        Scenario("sort=stream (agent)", {"sort": "stream"}, as_agent=True),
        Scenario("sort=stream (admin)", {"sort": "stream"}),
        Scenario(f"q={name} (name prefix)", {"q": name}),
        Scenario(f"q={f.email_prefix} (e-mail)", {"q": f.email_prefix}),
        Scenario(f"q={data.COMMON_WORD} (message word)", {"q": data.COMMON_WORD}),
        Scenario(f"q={f.order_number} (rare word)", {"q": f.order_number}),
        Scenario("agent default (scope)", {}, as_agent=True),
        Scenario("agent status=open", {"status": "open"}, as_agent=True),
    ]


async def measure(
    client: httpx.AsyncClient, scenario: Scenario, token: str, requests: int, warmup: int
) -> Result:
    result = Result(scenario)
    headers = {"authorization": f"Bearer {token}"}
    for i in range(warmup + requests):
        started = time.perf_counter()
        response = await client.get(LIST_PATH, params=scenario.params, headers=headers)
        elapsed_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            result.error = f"HTTP {response.status_code}: {response.text[:300]}"
            return result
        if i >= warmup:
            result.latencies_ms.append(elapsed_ms)
    result.rows = len(response.json()["items"])
    return result


def print_table(results: list[Result]) -> None:
    print(f"\n{'scenario':<40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'rows':>5}")
    for r in results:
        if r.error:
            print(f"{r.scenario.name:<40} {r.error}")
            continue
        p50, p95, top = r.quantile(50), r.quantile(95), max(r.latencies_ms)
        flag = "" if p95 < TARGET_P95_MS else f"  over the {TARGET_P95_MS:.0f} ms target"
        print(f"{r.scenario.name:<40} {p50:8.1f} {p95:8.1f} {top:8.1f} {r.rows:5d}{flag}")


def filters_of(params: dict[str, str]) -> tuple[ConversationFilters, PageParams]:
    """The filters and page the endpoint builds from these query parameters."""
    values: dict[str, object] = {k: v for k, v in params.items() if k not in ("cursor", "limit")}
    if "status" in values:
        values["status"] = [values["status"]]
    page = PageParams(cursor=params.get("cursor"), limit=int(params.get("limit", "50")))
    return ConversationFilters.model_validate(values), page


class Explain(Executable, ClauseElement):
    """``EXPLAIN (ANALYZE, BUFFERS)`` of a statement, executed with its bound parameters.

    Run through the engine like the app runs the statement (asyncpg, parameters bound),
    so the plan is the one PostgreSQL picks for those values.
    """

    inherit_cache = False

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement


@compiles(Explain)
def _compile_explain(element: Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN (ANALYZE, BUFFERS) " + compiler.process(element.statement, **kw)


async def explain(engine: AsyncEngine, scenario: Scenario, subject: Subject) -> str:
    filters, page = filters_of(scenario.params)
    async with create_sessionmaker(engine)() as session:
        # The app first looks up how much matches q, then picks the query shape.
        search = await plan_search(session, subject, filters.q) if filters.q else None
        statement = build_list_statement(subject, filters, page, search)
        rows = await session.execute(Explain(statement))
        return "\n".join(str(row[0]) for row in rows)


def plan_summary(plan: str) -> str:
    """The scans of a plan: ``index name (table)`` and any ``Seq Scan on table``."""
    seen: list[str] = []
    for kind, name in _PLAN_NODE.findall(plan):
        entry = f"{kind} on {name}" if kind == "Seq Scan" else f"{name} ({kind})"
        if entry not in seen:
            seen.append(entry)
    timing = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return f"{timing.group(1) if timing else '?'} ms; " + ", ".join(seen)


async def run(args: argparse.Namespace) -> None:
    engine = create_engine(args.database_url, pool_size=2)
    try:
        fixture = await load_fixture(engine)
        async with create_sessionmaker(engine)() as session:
            admin = await session.get(User, fixture.admin_id)
            agent = await session.get(User, fixture.agent_id)
        assert admin is not None
        assert agent is not None
        subjects = {False: Subject.of_user(admin), True: Subject.of_user(agent)}
        tokens = {
            as_agent: create_access_token(SECRET_KEY, user.id, user.account_id, 3600)
            for as_agent, user in ((False, admin), (True, agent))
        }
        load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        with AppServer(args.database_url, args.redis_url, SECRET_KEY, args.port) as server:
            async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
                first = await client.get(
                    LIST_PATH, headers={"authorization": f"Bearer {tokens[False]}"}
                )
                first.raise_for_status()
                plan = scenarios(fixture)
                cursor = first.json()["next_cursor"]
                if cursor:
                    plan.append(Scenario("page 2 (cursor)", {"cursor": cursor}))
                if args.only:
                    plan = [s for s in plan if any(o in s.name for o in args.only)]
                results = []
                for scenario in plan:
                    token = tokens[scenario.as_agent]
                    results.append(
                        await measure(client, scenario, token, args.requests, args.warmup)
                    )
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"\n{args.requests} sequential requests per scenario after {args.warmup} warm-up;")
        print(f"load average before the run {load_before}, after {load} (2 cores)")
        print_table(results)
        if args.skip_explain:
            return
        plans = [(s, await explain(engine, s, subjects[s.as_agent])) for s in plan]
        print("\nPlans (EXPLAIN ANALYZE execution time; indexes used):")
        for scenario, text_plan in plans:
            print(f"  {scenario.name:<38} {plan_summary(text_plan)}")
        for scenario, text_plan in plans:
            print(f"\n=== {scenario.name}: {scenario.params}\n{text_plan}")
    finally:
        await engine.dispose()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.list_conversations", description=__doc__)
    parser.add_argument("--database-url", required=True, help="a database filled by bench.generate")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--only", action="append", help="run scenarios whose name has this")
    parser.add_argument("--skip-explain", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    main()
