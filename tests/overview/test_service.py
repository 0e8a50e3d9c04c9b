from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.auth.subject import Subject
from helpdesk_api.models import Role
from helpdesk_api.overview.service import overview_service
from tests.factories.desk import Desk
from tests.factories.staff import StaffFactory

Sessionmaker = async_sessionmaker[AsyncSession]


@contextmanager
def statements(sessionmaker: Sessionmaker) -> Iterator[list[str]]:
    """The SQL statements sent through ``sessionmaker``'s engine meanwhile."""
    engine = sessionmaker.kw["bind"].sync_engine
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_two_statements_whatever_the_number_of_agents(
    desk: Desk, staff_factory: StaffFactory, sessionmaker: Sessionmaker
) -> None:
    subject = Subject.of_user(desk.tenant.admin.user)
    counts = []
    for more in (0, 12):
        for _ in range(more):
            user = await staff_factory.user(desk.tenant.account.id, Role.agent)
            await desk.conversation(assignee_id=user.id)
        async with sessionmaker() as session:
            with statements(sessionmaker) as sent:
                result = await overview_service.agents(session, subject)
        counts.append(len([s for s in sent if s.lstrip().upper().startswith("SELECT")]))
        assert len(result.agents) == 3 + more
    assert counts == [2, 2]
