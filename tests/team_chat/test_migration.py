"""The team-chat migration gives accounts that existed before it their all-staff channel."""

import asyncio
import uuid

from sqlalchemy import text

from helpdesk_api.db import create_engine, migrate
from tests.services import PostgresServer

BEFORE_TEAM_CHAT = "c4a9e2d17b3f"

_USER = """
    INSERT INTO "user" (id, account_id, email, name, password_hash, role, max_concurrent,
                        availability, notification_preferences, is_active)
    VALUES (:id, :account_id, :email, 'Someone', 'x', :role, 5, 'offline', '{}', :active)
"""


async def test_existing_accounts_get_all_staff_with_their_active_users(
    pg_server: PostgresServer,
) -> None:
    name = await pg_server.create_database("helpdesk_team_chat_migration")
    url = pg_server.url_of(name)
    accounts = [uuid.uuid4(), uuid.uuid4()]
    users = {a: [(uuid.uuid4(), role, True) for role in ("owner", "agent")] for a in accounts}
    users[accounts[0]].append((uuid.uuid4(), "agent", False))
    engine = create_engine(url)
    try:
        await asyncio.to_thread(migrate, url, BEFORE_TEAM_CHAT)
        async with engine.begin() as connection:
            for account_id in accounts:
                await connection.execute(
                    text("INSERT INTO account (id, name) VALUES (:id, 'Before')"),
                    {"id": account_id},
                )
                for user_id, role, active in users[account_id]:
                    values = {"id": user_id, "account_id": account_id, "role": role}
                    values |= {"email": f"{user_id}@example.com", "active": active}
                    await connection.execute(text(_USER), values)
        await asyncio.to_thread(migrate, url)
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT c.account_id, c.name, m.user_id, m.last_read_seq"
                    " FROM team_chat_channel c JOIN team_chat_member m ON m.channel_id = c.id"
                    " WHERE c.kind = 'all_staff'"
                )
            )
            found = {(r.account_id, r.name, r.user_id, r.last_read_seq) for r in rows}
            channels = await connection.scalar(text("SELECT count(*) FROM team_chat_channel"))
    finally:
        await engine.dispose()
        await pg_server.drop_database(name)
    assert channels == 2
    assert found == {
        (account_id, "All staff", user_id, 0)
        for account_id in accounts
        for user_id, _, active in users[account_id]
        if active
    }
