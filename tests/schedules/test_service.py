"""The applying job's logic with a controlled clock: ``apply_due(session, now)``."""

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.db import session_scope
from helpdesk_api.events import EventType
from helpdesk_api.models import Availability, Event, Schedule, User
from helpdesk_api.schedules.service import schedule_service
from helpdesk_api.users.availability import set_availability
from tests.factories.staff import StaffFactory, Tenant

Sessionmaker = async_sessionmaker[AsyncSession]

OFFICE = {"timezone": "UTC", "days": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]}}


def monday(hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 1, 7, hour, minute, tzinfo=UTC)


def tuesday(hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 1, 8, hour, minute, tzinfo=UTC)


async def add_schedule(sessionmaker: Sessionmaker, user: User, hours: dict[str, Any]) -> None:
    async with sessionmaker() as session:
        session.add(Schedule(user_id=user.id, account_id=user.account_id, hours=hours))
        await session.commit()


async def apply(sessionmaker: Sessionmaker, now: datetime) -> None:
    async with session_scope(sessionmaker) as session:
        await schedule_service.apply_due(session, now)


async def state(sessionmaker: Sessionmaker, user: User) -> tuple[str, str | None]:
    async with sessionmaker() as session:
        availability = await session.scalar(select(User.availability).where(User.id == user.id))
        applied = await session.scalar(
            select(Schedule.applied_state).where(Schedule.user_id == user.id)
        )
    assert availability is not None
    return availability, applied


async def availability_events(sessionmaker: Sessionmaker, user: User) -> list[tuple[str, str]]:
    async with sessionmaker() as session:
        rows = await session.scalars(
            select(Event.data)
            .where(
                Event.account_id == user.account_id,
                Event.type == EventType.user_updated.value,
                Event.data.has_key("availability"),
                Event.data["user_id"].astext == str(user.id),
            )
            .order_by(Event.seq)
        )
        return [(d["availability"], d["by"]) for d in rows]


async def test_the_schedule_switches_online_at_a_boundary_and_offline_at_the_next(
    sessionmaker: Sessionmaker, tenant: Tenant
) -> None:
    agent = tenant.agent.user
    await add_schedule(sessionmaker, agent, OFFICE)
    await apply(sessionmaker, monday(8, 59))
    assert await state(sessionmaker, agent) == ("offline", "offline")
    await apply(sessionmaker, monday(9, 0))
    assert await state(sessionmaker, agent) == ("online", "online")
    await apply(sessionmaker, monday(12, 0))
    assert await state(sessionmaker, agent) == ("online", "online")
    await apply(sessionmaker, monday(17, 0))
    assert await state(sessionmaker, agent) == ("offline", "offline")
    assert await availability_events(sessionmaker, agent) == [
        ("online", "schedule"),
        ("offline", "schedule"),
    ]


async def test_a_change_by_hand_holds_until_the_next_boundary(
    sessionmaker: Sessionmaker, tenant: Tenant
) -> None:
    agent = tenant.agent.user
    await add_schedule(sessionmaker, agent, OFFICE)
    await apply(sessionmaker, monday(9, 0))
    async with session_scope(sessionmaker) as session:
        user = await session.get_one(User, agent.id)
        set_availability(session, user, Availability.away, by="user")
    await apply(sessionmaker, monday(9, 1))
    await apply(sessionmaker, monday(16, 59))
    assert await state(sessionmaker, agent) == ("away", "online")
    await apply(sessionmaker, monday(17, 0))
    assert await state(sessionmaker, agent) == ("offline", "offline")
    # Online by hand in the evening: it holds through the night, until Tuesday's opening.
    async with session_scope(sessionmaker) as session:
        user = await session.get_one(User, agent.id)
        set_availability(session, user, Availability.online, by="user")
    await apply(sessionmaker, tuesday(8, 59))
    assert await state(sessionmaker, agent) == ("online", "offline")
    await apply(sessionmaker, tuesday(9, 0))
    await apply(sessionmaker, tuesday(17, 0))
    assert await state(sessionmaker, agent) == ("offline", "offline")


async def test_an_exception_overrides_the_weekly_hours(
    sessionmaker: Sessionmaker, tenant: Tenant
) -> None:
    agent, admin = tenant.agent.user, tenant.admin.user
    await add_schedule(
        sessionmaker, agent, OFFICE | {"exceptions": [{"date": "2030-01-07", "periods": []}]}
    )
    sunday_shift = [{"date": "2030-01-06", "periods": [["10:00", "12:00"]]}]
    await add_schedule(sessionmaker, admin, OFFICE | {"exceptions": sunday_shift})
    await apply(sessionmaker, datetime(2030, 1, 6, 10, 0, tzinfo=UTC))
    assert await state(sessionmaker, agent) == ("offline", "offline")
    assert await state(sessionmaker, admin) == ("online", "online")
    await apply(sessionmaker, monday(10, 0))
    assert await state(sessionmaker, agent) == ("offline", "offline")
    assert await state(sessionmaker, admin) == ("online", "online")
    await apply(sessionmaker, tuesday(10, 0))
    assert await state(sessionmaker, agent) == ("online", "online")


async def test_a_new_schedule_is_applied_on_the_first_run_whatever_the_state(
    sessionmaker: Sessionmaker, staff_factory: StaffFactory, tenant: Tenant
) -> None:
    online = (
        await staff_factory.user(tenant.account.id, availability=Availability.online.value)
    ).user
    await add_schedule(sessionmaker, online, OFFICE)
    await apply(sessionmaker, monday(20, 0))
    assert await state(sessionmaker, online) == ("offline", "offline")
    assert await availability_events(sessionmaker, online) == [("offline", "schedule")]


async def test_deactivated_users_are_skipped(
    sessionmaker: Sessionmaker, staff_factory: StaffFactory, tenant: Tenant
) -> None:
    gone = (await staff_factory.user(tenant.account.id, is_active=False)).user
    await add_schedule(sessionmaker, gone, OFFICE)
    await apply(sessionmaker, monday(10, 0))
    assert await state(sessionmaker, gone) == ("offline", None)


async def test_a_schedule_locked_by_another_run_is_skipped_not_waited_for(
    sessionmaker: Sessionmaker, tenant: Tenant
) -> None:
    agent = tenant.agent.user
    await add_schedule(sessionmaker, agent, OFFICE)
    async with session_scope(sessionmaker) as first:
        await schedule_service.apply_due(first, monday(10, 0))
        # A second worker meanwhile neither blocks nor switches the user again.
        async with session_scope(sessionmaker) as second:
            await asyncio.wait_for(schedule_service.apply_due(second, monday(10, 0)), 5)
    assert await state(sessionmaker, agent) == ("online", "online")
    assert await availability_events(sessionmaker, agent) == [("online", "schedule")]
