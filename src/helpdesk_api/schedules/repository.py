import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.models import Schedule, User


class ScheduleRepository:
    """Schedules are keyed by user; every lookup also names the account."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, account_id: uuid.UUID, user_id: uuid.UUID) -> Schedule | None:
        return await self.session.scalar(
            select(Schedule).where(Schedule.account_id == account_id, Schedule.user_id == user_id)
        )

    async def put(
        self, account_id: uuid.UUID, user_id: uuid.UUID, hours: dict[str, Any]
    ) -> Schedule:
        """Create or replace the user's schedule; it has not been applied yet."""
        statement = (
            insert(Schedule)
            .values(account_id=account_id, user_id=user_id, hours=hours, applied_state=None)
            .on_conflict_do_update(
                index_elements=[Schedule.user_id],
                set_={"hours": hours, "applied_state": None, "updated_at": func.now()},
            )
            .returning(Schedule)
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(statement)).scalar_one()

    async def delete(self, account_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        result = await self.session.execute(
            delete(Schedule)
            .where(Schedule.account_id == account_id, Schedule.user_id == user_id)
            .returning(Schedule.user_id)
        )
        return result.first() is not None

    async def of_active_users(self) -> Sequence[Row[uuid.UUID, dict[str, Any], str | None]]:
        """Every active user's schedule, read without locks: what the job checks each minute."""
        return (
            await self.session.execute(
                select(Schedule.user_id, Schedule.hours, Schedule.applied_state)
                .join(User, User.id == Schedule.user_id)
                .where(User.is_active)
            )
        ).all()

    async def lock(self, user_ids: Sequence[uuid.UUID]) -> Sequence[Row[Schedule, User]]:
        """These active users and their schedules, locked in user id order; rows another
        transaction holds are skipped (a concurrent job or a change of the schedule)."""
        return (
            await self.session.execute(
                select(Schedule, User)
                .join(User, User.id == Schedule.user_id)
                .where(Schedule.user_id.in_(user_ids), User.is_active)
                .order_by(Schedule.user_id)
                .with_for_update(skip_locked=True)
            )
        ).all()
