import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.app import create_app
from helpdesk_api.db import create_engine, create_sessionmaker, migrate
from helpdesk_api.settings import Settings
from tests.factories.desk import Desk, make_desk
from tests.factories.staff import StaffFactory, Tenant
from tests.services import PostgresServer, postgres_server, redis_server

LOGIN_LIMIT_PER_IP = 30


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Short paths: PostgreSQL's unix socket path must stay under ~100 bytes.
    return tmp_path_factory.mktemp("hd")


@pytest.fixture(scope="session")
def pg_server(tmp_root: Path) -> Iterator[PostgresServer]:
    with postgres_server(tmp_root) as server:
        yield server


@pytest.fixture(scope="session")
def redis_url(tmp_root: Path) -> Iterator[str]:
    with redis_server(tmp_root) as url:
        yield url


@pytest.fixture(scope="session")
async def database_url(pg_server: PostgresServer) -> AsyncIterator[str]:
    """A database of this run's own, migrated to head, dropped at the end."""
    name = await pg_server.create_database()
    url = pg_server.url_of(name)
    await asyncio.to_thread(migrate, url)
    yield url
    await pg_server.drop_database(name)


@pytest.fixture(scope="session")
async def settings(database_url: str, redis_url: str, tmp_root: Path) -> AsyncIterator[Settings]:
    prefix = f"helpdesk-test-{uuid.uuid4().hex[:8]}:"
    settings = Settings(
        database_url=database_url,
        redis_url=redis_url,
        redis_prefix=prefix,
        data_dir=tmp_root / "data",
        secret_key="test-secret-key-0123456789-abcdefghij",
        login_max_attempts_per_ip=LOGIN_LIMIT_PER_IP,
        cors_origins=[],
    )
    yield settings
    redis = Redis.from_url(redis_url)
    keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with LifespanManager(app):
        yield app


@pytest.fixture(scope="session")
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


def client_for(app: FastAPI, ip: str | None = None) -> httpx.AsyncClient:
    """A client of the real app; each gets its own address so IP rate limits don't mix."""
    ip = ip or f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1")


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client


@pytest.fixture(scope="session")
def staff_factory(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> StaffFactory:
    return StaffFactory(sessionmaker, settings)


@pytest.fixture
async def tenant(staff_factory: StaffFactory) -> Tenant:
    return await staff_factory.tenant("Acme")


@pytest.fixture
async def other_tenant(staff_factory: StaffFactory) -> Tenant:
    return await staff_factory.tenant("Other Inc")


@pytest.fixture
async def desk(sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant) -> Desk:
    return await make_desk(sessionmaker, tenant)


@pytest.fixture
async def other_desk(sessionmaker: async_sessionmaker[AsyncSession], other_tenant: Tenant) -> Desk:
    return await make_desk(sessionmaker, other_tenant)
