"""Fill a database with a realistic shared inbox for the benchmarks.

    .venv/bin/python -m bench.generate --database-url postgresql://postgres@127.0.0.1:5432/helpdesk_bench

Creates the database when missing (``--fresh`` drops and recreates it), migrates it, and
loads one large account plus a small second one (so account scoping has rows to skip)
with ``COPY``. Everything is written in one transaction: a failed run leaves no half
dataset behind. Secondary indexes of the two big tables are dropped for the load and
rebuilt from their own definitions afterwards, which is several times faster than
maintaining them row by row; the schema ends exactly as migrated.
"""

import argparse
import asyncio
import time
from collections.abc import Iterator

import asyncpg
from sqlalchemy.engine import make_url

from bench.dataset import COLUMNS, TABLE_ORDER, DatasetBuilder, TenantSpec
from helpdesk_api.auth.passwords import hash_password
from helpdesk_api.db import migrate

#: Every generated staff user logs in with this password (a benchmark database only).
BENCH_PASSWORD = "bench-password"
MAIN_DOMAIN = "bench.example"
OTHER_DOMAIN = "other.bench.example"
#: Tables whose non-constraint indexes are rebuilt after the load instead of during it.
DEFERRED_INDEX_TABLES = ("conversation", "message")


def plain_dsn(url: str, database: str | None = None) -> str:
    """The URL as asyncpg takes it (no ``+asyncpg``), optionally for another database."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def prepare_database(url: str, *, fresh: bool) -> None:
    """Create the database if it is missing; with ``fresh``, drop and recreate it."""
    name = make_url(url).database
    if not name:
        raise SystemExit("the database URL must name a database")
    conn = await asyncpg.connect(plain_dsn(url, "postgres"))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists and fresh:
            await conn.execute(f"DROP DATABASE {_quote_ident(name)} WITH (FORCE)")
            exists = None
        if not exists:
            await conn.execute(f"CREATE DATABASE {_quote_ident(name)}")
            print(f"created database {name}")
    finally:
        await conn.close()


def specs(conversations: int, messages: int, contacts: int) -> list[TenantSpec]:
    main = TenantSpec(
        name="Bench Co",
        email_domain=MAIN_DOMAIN,
        admins=2,
        agents=30,
        teams=5,
        channels=("web_chat", "email", "api"),
        labels=20,
        contacts=contacts,
        conversations=conversations,
        messages=messages,
    )
    small = max(1, conversations // 100)
    other = TenantSpec(
        name="Other Co",
        email_domain=OTHER_DOMAIN,
        admins=0,
        agents=3,
        teams=1,
        channels=("web_chat",),
        labels=5,
        contacts=max(1, contacts // 25),
        conversations=small,
        messages=max(small, messages // 100),
    )
    return [main, other]


class Stopwatch:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed, self.start = now - self.start, now
        return elapsed


async def _deferred_indexes(conn: asyncpg.Connection) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the indexes that back no constraint."""
    rows = await conn.fetch(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.indexname
        """,
        list(DEFERRED_INDEX_TABLES),
    )
    return [(row["indexname"], row["indexdef"]) for row in rows]


async def load(url: str, builder: DatasetBuilder) -> None:
    """COPY every table in one transaction, then VACUUM ANALYZE."""
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        watch = Stopwatch()
        async with conn.transaction():
            await conn.execute("SET LOCAL maintenance_work_mem = '1GB'")
            indexes = await _deferred_indexes(conn)
            for name, _ in indexes:
                await conn.execute(f"DROP INDEX {_quote_ident(name)}")
            for table in TABLE_ORDER:
                records = builder.rows.get(table, [])
                await conn.copy_records_to_table(table, records=records, columns=COLUMNS[table])
                print(f"  copy {table:<22} {len(records):>9,} rows {watch.lap():7.1f} s")
            for _, definition in indexes:
                await conn.execute(definition)
            print(f"  rebuild {len(indexes)} indexes{watch.lap():27.1f} s")
        await conn.execute("VACUUM (ANALYZE)")
        print(f"  vacuum analyze{watch.lap():30.1f} s")
    finally:
        await conn.close()


async def ensure_empty(url: str) -> None:
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM account)"):
            raise SystemExit("the database already holds accounts; pass --fresh to start over")
    finally:
        await conn.close()


def build(args: argparse.Namespace) -> DatasetBuilder:
    builder = DatasetBuilder(args.seed, hash_password(BENCH_PASSWORD))
    for spec in specs(args.conversations, args.messages, args.contacts):
        builder.add_tenant(spec)
    return builder


def summary(builder: DatasetBuilder) -> Iterator[str]:
    for table in TABLE_ORDER:
        yield f"{table}={len(builder.rows.get(table, [])):,}"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--database-url", required=True, help="postgresql://… of the database")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    args = parser.parse_args(argv)
    if min(args.conversations, args.contacts) < 1 or args.messages < args.conversations:
        parser.error("need contacts >= 1, conversations >= 1 and messages >= conversations")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    watch = Stopwatch()
    asyncio.run(prepare_database(args.database_url, fresh=args.fresh))
    migrate(args.database_url)  # synchronous: runs its own event loop
    print(f"migrated in {watch.lap():.1f} s")
    asyncio.run(ensure_empty(args.database_url))
    builder = build(args)
    print(f"built rows in {watch.lap():.1f} s: " + ", ".join(summary(builder)))
    asyncio.run(load(args.database_url, builder))
    elapsed = time.perf_counter() - started
    print(f"done: {args.database_url.split('@')[-1]} filled in {elapsed:.1f} s in total")


if __name__ == "__main__":
    main()
