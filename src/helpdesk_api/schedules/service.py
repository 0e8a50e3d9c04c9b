"""User schedules: working hours that switch a user online and offline.

A schedule remembers the state it last switched its user to (``applied_state``). Every
minute :meth:`ScheduleService.apply_due` switches a user only when the hours' state differs
from it, i.e. once per boundary, so a change by hand (which leaves ``applied_state`` alone)
holds until the next boundary. Replacing the hours clears ``applied_state``: the next run
applies them whatever the user's availability is.
"""

import logging
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Availability, Schedule, User
from helpdesk_api.schedules import schemas
from helpdesk_api.schedules.exceptions import ScheduleNotFound
from helpdesk_api.schedules.hours import Hours, HoursLike, is_open, next_boundary, parse
from helpdesk_api.schedules.repository import ScheduleRepository
from helpdesk_api.users.availability import set_availability
from helpdesk_api.users.repository import UserRepository

log = logging.getLogger(__name__)

LOCK_BATCH = 1000


def state_at(hours: HoursLike, at: datetime) -> schemas.ScheduleState:
    return Availability.online if is_open(hours, at) else Availability.offline


def present(schedule: Schedule, now: datetime) -> schemas.Schedule:
    hours = parse(schedule.hours)
    return schemas.Schedule(
        user_id=schedule.user_id,
        hours=hours,
        state_now=state_at(hours, now),
        next_change_at=next_boundary(hours, now),
        updated_at=schedule.updated_at,
    )


def _missing(user: User) -> ScheduleNotFound:
    return ScheduleNotFound(
        f"User {user.id} has no schedule; their availability is only set by hand."
    )


class ScheduleService:
    async def get(
        self, session: AsyncSession, subject: Subject, user_id: uuid.UUID
    ) -> schemas.Schedule:
        user = await self._user(session, subject, user_id)
        schedule = await ScheduleRepository(session).get(subject.account_id, user.id)
        if schedule is None:
            raise _missing(user)
        return present(schedule, utcnow())

    async def put(
        self, session: AsyncSession, subject: Subject, user_id: uuid.UUID, hours: Hours
    ) -> schemas.Schedule:
        """Create or replace the schedule; the job applies it within a minute."""
        user = await self._user(session, subject, user_id)
        schedule = await ScheduleRepository(session).put(
            subject.account_id, user.id, hours.model_dump(mode="json")
        )
        return present(schedule, utcnow())

    async def delete(self, session: AsyncSession, subject: Subject, user_id: uuid.UUID) -> None:
        """From now on the user's availability changes only by hand; it stays as it is."""
        user = await self._user(session, subject, user_id)
        if not await ScheduleRepository(session).delete(subject.account_id, user.id):
            raise _missing(user)

    async def apply_due(self, session: AsyncSession, now: datetime) -> int:
        """Switch every active user whose schedule crossed a boundary since it was last
        applied (or was never applied) to the state it has at ``now``; returns how many
        users' availability changed. Rows another transaction holds wait for the next run."""
        repository = ScheduleRepository(session)
        due = [
            user_id
            for user_id, hours, applied in await repository.of_active_users()
            if _due(user_id, hours, applied, now)
        ]
        switched = 0
        for start in range(0, len(due), LOCK_BATCH):
            for schedule, user in await repository.lock(due[start : start + LOCK_BATCH]):
                state = state_at(schedule.hours, now)
                if state.value == schedule.applied_state:
                    continue  # applied meanwhile
                switched += set_availability(session, user, state, by="schedule")
                schedule.applied_state = state.value
        await session.flush()
        return switched

    async def _user(self, session: AsyncSession, subject: Subject, user_id: uuid.UUID) -> User:
        """The user of the subject's account (NotFound otherwise), if the subject may manage
        their schedule: themselves, or an owner or admin."""
        user = await UserRepository(session).get(subject, user_id)
        policies.require_self_or_admin(subject, user.id)
        return user


def _due(user_id: uuid.UUID, hours: dict[str, Any], applied: str | None, now: datetime) -> bool:
    try:
        return state_at(hours, now).value != applied
    except ValueError:  # stored before a rule it breaks; skipped, not fatal for the others
        log.exception("schedule of user %s has invalid hours", user_id)
        return False


schedule_service = ScheduleService()
