import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text

from helpdesk_api.db import create_engine, downgrade, migrate
from helpdesk_api.models import Base
from tests.services import PostgresServer


def _diff(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )
        names = {r[0] for r in rows}
    await engine.dispose()
    return names


async def test_upgrade_downgrade_upgrade_on_fresh_database(pg_server: PostgresServer) -> None:
    name = await pg_server.create_database("helpdesk_migrations")
    url = pg_server.url_of(name)
    try:
        await asyncio.to_thread(migrate, url)
        assert {"account", "user", "team", "refresh_token"} <= await _tables(url)
        await asyncio.to_thread(downgrade, url, "base")
        assert await _tables(url) == {"alembic_version"}
        await asyncio.to_thread(migrate, url)
        engine = create_engine(url)
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == [], "models and migrations differ"
        await engine.dispose()
    finally:
        await pg_server.drop_database(name)
