from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, update

from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import Notification

#: Newest first, as ``ix_notification_user_created`` orders them.
_ORDER = (Notification.created_at, Notification.id)


class NotificationRepository(Repository[Notification]):
    model = Notification
    not_found = "Notification not found."

    def readable(self, subject: Subject) -> Select[Notification]:
        """The subject's own notifications: nobody reads or marks another's."""
        return self.of_account(subject.account_id).where(Notification.user_id == subject.user_id)

    async def page(
        self, subject: Subject, params: PageParams, *, unread: bool | None
    ) -> tuple[list[Notification], str | None]:
        statement = self.readable(subject)
        if unread is not None:
            unseen = Notification.read_at.is_(None)
            statement = statement.where(unseen if unread else ~unseen)
        return await paginate(self.session, statement, _ORDER, params, descending=True)

    async def unread_count(self, subject: Subject) -> int:
        count = await self.session.scalar(
            self.readable(subject)
            .with_only_columns(func.count())
            .where(Notification.read_at.is_(None))
        )
        return count or 0

    async def mark_read(self, subject: Subject, which: ColumnElement[bool], at: datetime) -> int:
        """Set ``read_at`` on the subject's unread notifications matching ``which``.

        Rows are locked in id order before they change, so concurrent calls of any form
        wait for each other instead of deadlocking; a row another call marked meanwhile
        no longer matches and is not counted twice.
        """
        target = (
            self.readable(subject)
            .with_only_columns(Notification.id)
            .where(Notification.read_at.is_(None), which)
            .order_by(Notification.id)
            .with_for_update()
            .cte("target")
        )
        marked = await self.session.execute(
            update(Notification)
            .where(Notification.id == target.c.id)
            .values(read_at=at)
            .returning(Notification.id)
        )
        return len(marked.all())
