"""Widget queries: everything is scoped to one contact in one inbox of one account."""

import uuid
from collections.abc import Collection

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.models import Contact, Conversation, Inbox, User
from helpdesk_api.widget.tokens import ContactClaims


class WidgetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def contact(self, account_id: uuid.UUID, contact_id: uuid.UUID) -> Contact | None:
        return await self.session.scalar(
            select(Contact).where(Contact.account_id == account_id, Contact.id == contact_id)
        )

    async def visitor(self, claims: ContactClaims) -> tuple[Contact, Inbox] | None:
        """The token's contact and its inbox, when both exist in its account and the inbox
        is active — one round trip."""
        row = (
            await self.session.execute(
                select(Contact, Inbox)
                .join(Inbox, Inbox.account_id == Contact.account_id)
                .where(
                    Contact.account_id == claims.account_id,
                    Contact.id == claims.contact_id,
                    Inbox.id == claims.inbox_id,
                    Inbox.is_active,
                )
            )
        ).one_or_none()
        return None if row is None else (row[0], row[1])

    def readable(self, contact: Contact, inbox: Inbox) -> Select[Conversation]:
        """The conversations a visitor reaches: this contact's in this inbox."""
        return select(Conversation).where(
            Conversation.account_id == contact.account_id,
            Conversation.contact_id == contact.id,
            Conversation.inbox_id == inbox.id,
        )

    async def conversation(
        self, contact: Contact, inbox: Inbox, conversation_id: uuid.UUID, *, for_update: bool
    ) -> Conversation | None:
        """The conversation when it is this contact's in this inbox; None otherwise."""
        statement = self.readable(contact, inbox).where(Conversation.id == conversation_id)
        if for_update:
            statement = statement.with_for_update()
        return await self.session.scalar(statement)

    async def conversations(
        self, contact: Contact, inbox: Inbox, params: PageParams
    ) -> tuple[list[Conversation], str | None]:
        """The contact's conversations in the inbox, latest activity first."""
        statement = self.readable(contact, inbox)
        keys = [Conversation.last_activity_at, Conversation.id]
        return await paginate(self.session, statement, keys, params, descending=True)

    async def user_names(
        self, account_id: uuid.UUID, user_ids: Collection[uuid.UUID]
    ) -> dict[uuid.UUID, str]:
        if not user_ids:
            return {}
        rows = await self.session.execute(
            select(User.id, User.name).where(User.account_id == account_id, User.id.in_(user_ids))
        )
        return {row.id: row.name for row in rows}
