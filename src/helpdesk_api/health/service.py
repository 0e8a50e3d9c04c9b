"""Readiness: can this process reach PostgreSQL and Redis right now?"""

import asyncio

from sqlalchemy import text

from helpdesk_api.errors import HelpdeskError
from helpdesk_api.resources import Resources

CHECK_TIMEOUT_SECONDS = 2.0


async def _database(resources: Resources) -> None:
    async with resources.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def _redis(resources: Resources) -> None:
    await resources.redis.ping()


class NotReady(HelpdeskError):
    status, slug, title = 503, "not-ready", "Not ready"


async def check(resources: Resources) -> dict[str, str]:
    """``{"database": "ok", "redis": "ok"}``, or NotReady naming what does not answer."""
    results: dict[str, str] = {}
    for name, probe in (("database", _database), ("redis", _redis)):
        try:
            await asyncio.wait_for(probe(resources), CHECK_TIMEOUT_SECONDS)
            results[name] = "ok"
        except Exception as exc:  # any failure means "not ready"; the reason is reported
            results[name] = f"unavailable ({type(exc).__name__})"
    failing = [f"{name} {state}" for name, state in results.items() if state != "ok"]
    if failing:
        raise NotReady(", ".join(failing))
    return results
