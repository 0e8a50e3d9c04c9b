from sqlalchemy import select

from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import Inbox


class InboxRepository(Repository[Inbox]):
    model = Inbox
    not_found = "Inbox not found."

    async def page(
        self, subject: Subject, params: PageParams, *, active: bool | None
    ) -> tuple[list[Inbox], str | None]:
        statement = self.readable(subject)
        if active is not None:
            statement = statement.where(Inbox.is_active.is_(active))
        return await paginate(self.session, statement, [Inbox.created_at, Inbox.id], params)

    async def active_by_widget_key(self, widget_key: str) -> Inbox | None:
        """Across accounts: the widget key alone names the inbox (and so the account)."""
        return await self.session.scalar(
            select(Inbox).where(Inbox.widget_key == widget_key, Inbox.is_active)
        )
