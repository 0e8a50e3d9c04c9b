import uuid
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.models import Message, MessageKind


class MessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert(self, **values: Any) -> Message:
        """One round trip: the row goes in and comes back."""
        return (
            await self.session.execute(
                insert(Message).values(id=uuid.uuid4(), **values).returning(Message)
            )
        ).scalar_one()

    async def page(
        self,
        conversation_id: uuid.UUID,
        params: PageParams,
        *,
        customer_view: bool,
        newest_first: bool,
    ) -> tuple[list[Message], str | None]:
        """Messages in ``seq`` order; a customer sees replies only (never notes or whispers)."""
        statement = select(Message).where(Message.conversation_id == conversation_id)
        if customer_view:
            statement = statement.where(Message.kind == MessageKind.reply.value)
        return await paginate(
            self.session, statement, [Message.seq], params, descending=newest_first
        )
