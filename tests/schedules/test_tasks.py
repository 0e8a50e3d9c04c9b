from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Schedule, User
from helpdesk_api.schedules.tasks import APPLY_JOB
from helpdesk_api.settings import Settings
from helpdesk_api.worker import CRON_JOBS, create_job_pool, create_worker
from tests.factories.staff import Tenant

ALL_DAY = [["00:00", "24:00"]]
ALWAYS = {
    "timezone": "Pacific/Auckland",
    "days": dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), ALL_DAY),
}


async def test_the_apply_job_runs_in_a_real_worker_and_switches_the_user(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    async with sessionmaker() as session:
        session.add(Schedule(user_id=tenant.agent.id, account_id=tenant.account.id, hours=ALWAYS))
        await session.commit()

    worker = create_worker(settings, handle_signals=False)
    worker.burst = True
    pool = await create_job_pool(settings)
    job = await pool.enqueue_job(APPLY_JOB)
    assert job is not None
    await worker.main()
    assert await job.result(timeout=5) >= 1
    await worker.close()
    await pool.aclose()

    async with sessionmaker() as session:
        availability = await session.scalar(
            select(User.availability).where(User.id == tenant.agent.id)
        )
        applied = await session.scalar(
            select(Schedule.applied_state).where(Schedule.user_id == tenant.agent.id)
        )
    assert (availability, applied) == ("online", "online")


def test_the_apply_job_is_scheduled_every_minute() -> None:
    [job] = [j for j in CRON_JOBS if j.name == f"{APPLY_JOB}.cron"]
    assert (job.second, job.minute, job.hour) == (0, None, None)
