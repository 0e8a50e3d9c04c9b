"""Repository base: every query of an account-scoped table starts from ``readable``."""

import uuid
from typing import Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import HelpdeskError, NotFound
from helpdesk_api.models.base import AccountScopedMixin

M = TypeVar("M", bound=AccountScopedMixin)


class Repository(Generic[M]):
    model: type[M]
    not_found: str = "Not found."

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def of_account(self, account_id: uuid.UUID) -> Select[M]:
        """The account's rows: the scope every read builds on, so an id of another account
        is never found, whoever calls (a subject, the widget, a job, a channel)."""
        return select(self.model).where(self.model.account_id == account_id)

    def readable(self, subject: Subject) -> Select[M]:
        """The rows this subject may see. The base scope is the subject's account."""
        return self.of_account(subject.account_id)

    async def get(self, subject: Subject, id: uuid.UUID, *, for_update: bool = False) -> M:
        """The row, or NotFound when it does not exist or is not readable by ``subject``."""
        statement = self.readable(subject).where(self.model.id == id)
        if for_update:
            statement = statement.with_for_update()
        row = await self.session.scalar(statement)
        if row is None:
            raise NotFound(self.not_found)
        return row


async def flush_unique(session: AsyncSession, constraint: str, conflict: HelpdeskError) -> None:
    """Flush, turning a violation of the unique ``constraint`` into ``conflict``.

    The check-then-insert in services reads well but races; the database has the last word.
    """
    try:
        await session.flush()
    except IntegrityError as exc:
        if constraint in str(exc.orig):
            raise conflict from exc
        raise
