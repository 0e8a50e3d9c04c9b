import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.auth.tokens import new_opaque_token
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import RefreshToken
from helpdesk_api.settings import Settings
from helpdesk_api.worker import create_job_pool, create_worker
from tests.factories.staff import Tenant


async def test_purge_job_runs_in_a_real_worker_and_keeps_live_tokens(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    now = utcnow()
    async with sessionmaker() as session:
        for expires in (now - timedelta(days=3), now + timedelta(days=3)):
            _, digest = new_opaque_token()
            session.add(
                RefreshToken(
                    user_id=tenant.agent.id,
                    family_id=tenant.agent.id,
                    token_hash=digest,
                    expires_at=expires,
                )
            )
        await session.commit()

    worker = create_worker(settings, handle_signals=False)
    worker.burst = True
    pool = await create_job_pool(settings)
    job = await pool.enqueue_job("auth.purge_expired_tokens")
    assert job is not None
    await worker.main()
    assert await job.result(timeout=5) >= 1
    await worker.close()
    await pool.aclose()

    async with sessionmaker() as session:
        left = (
            await session.scalars(
                select(RefreshToken.expires_at).where(RefreshToken.user_id == tenant.agent.id)
            )
        ).all()
    assert [e > now for e in left] == [True]


async def test_idempotency_keys_are_kept_a_day_then_purged_by_the_worker(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    from helpdesk_api.models import IdempotencyKey

    principal = f"user:{uuid.uuid4()}"
    async with sessionmaker() as session:
        for key, age in (("old", timedelta(hours=25)), ("recent", timedelta(hours=23))):
            session.add(
                IdempotencyKey(
                    principal=principal,
                    key=key,
                    request_hash=b"x" * 32,
                    status_code=201,
                    response={},
                    created_at=utcnow() - age,
                )
            )
        await session.commit()

    worker = create_worker(settings, handle_signals=False)
    worker.burst = True
    pool = await create_job_pool(settings)
    job = await pool.enqueue_job("kit.purge_idempotency_keys")
    assert job is not None
    await worker.main()
    await worker.close()
    await pool.aclose()

    async with sessionmaker() as session:
        left = (
            await session.scalars(
                select(IdempotencyKey.key).where(IdempotencyKey.principal == principal)
            )
        ).all()
    assert left == ["recent"]


async def test_a_running_worker_stops_whole_even_with_a_job_midway(settings: Settings) -> None:
    from helpdesk_api.worker import running_worker

    pool = await create_job_pool(settings)
    async with running_worker(settings) as worker:
        await pool.enqueue_job("auth.purge_expired_tokens")
        await asyncio.sleep(0.05)
        dispatcher = worker.ctx["dispatcher"]
    await pool.aclose()
    # Nothing keeps running after the block: no polling loop, no job, no dispatcher.
    assert dispatcher.done()
    assert all(task.done() for task in worker.tasks.values())
    assert worker._pool is None  # closed
