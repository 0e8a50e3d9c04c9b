import uuid
from typing import Any

from sqlalchemy import Select, insert

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.scope import visible_ids
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import CUSTOMER_VISIBLE_KINDS, Conversation, Message, MessageKind


class MessageRepository(Repository[Message]):
    model = Message
    not_found = "Message not found."

    def readable(self, subject: Subject) -> Select[Message]:
        """Messages of the conversations ``subject`` may see."""
        return self.of_account(subject.account_id).where(
            Message.conversation_id.in_(visible_ids(subject))
        )

    async def insert(self, **values: Any) -> Message:
        """One round trip: the row goes in and comes back."""
        return (
            await self.session.execute(
                insert(Message).values(id=uuid.uuid4(), **values).returning(Message)
            )
        ).scalar_one()

    async def notes_about(
        self, subject: Subject, contact_id: uuid.UUID, params: PageParams
    ) -> tuple[list[Message], str | None]:
        """Internal notes in the contact's conversations that ``subject`` may see, newest
        first."""
        statement = (
            self.readable(subject)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Conversation.contact_id == contact_id, Message.kind == MessageKind.note)
        )
        return await paginate(
            self.session, statement, [Message.created_at, Message.id], params, descending=True
        )

    async def page(
        self,
        account_id: uuid.UUID,
        conversation_id: uuid.UUID,
        params: PageParams,
        *,
        customer_view: bool,
        newest_first: bool,
    ) -> tuple[list[Message], str | None]:
        """Messages in ``seq`` order; a customer sees replies and system messages only (never
        notes or whispers). Another account's conversation has none."""
        statement = self.of_account(account_id).where(Message.conversation_id == conversation_id)
        if customer_view:
            statement = statement.where(Message.kind.in_(sorted(CUSTOMER_VISIBLE_KINDS)))
        return await paginate(
            self.session, statement, [Message.seq], params, descending=newest_first
        )
