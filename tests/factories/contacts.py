"""Contacts and the conversation rows that hang off them, made straight in the database."""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api import events
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import (
    Attachment,
    Channel,
    Contact,
    ContactActivity,
    Conversation,
    ConversationEvent,
    ConversationStatus,
    Inbox,
    Message,
    MessageKind,
    SenderType,
)


@dataclass
class ContactHistory:
    """What a contact owns, by id, to check that a merge moved all of it."""

    contact: Contact
    conversation_ids: list[uuid.UUID] = field(default_factory=list)
    message_ids: list[uuid.UUID] = field(default_factory=list)
    activity_ids: list[uuid.UUID] = field(default_factory=list)
    attachment_ids: list[uuid.UUID] = field(default_factory=list)
    timeline_ids: list[uuid.UUID] = field(default_factory=list)


class ContactFactory:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]):
        self.sessionmaker = sessionmaker

    async def contact(self, account_id: uuid.UUID, **fields: Any) -> Contact:
        async with self.sessionmaker() as session:
            contact = Contact(account_id=account_id, **({"custom_attributes": {}} | fields))
            session.add(contact)
            await session.commit()
        return contact

    async def inbox(self, account_id: uuid.UUID, channel: Channel = Channel.web_chat) -> Inbox:
        async with self.sessionmaker() as session:
            inbox = Inbox(
                account_id=account_id,
                name=f"Inbox {uuid.uuid4().hex[:6]}",
                channel=channel.value,
                widget_key=secrets.token_urlsafe(24),
                hmac_secret=secrets.token_hex(32),
            )
            session.add(inbox)
            await session.commit()
        return inbox

    async def conversation(
        self,
        inbox: Inbox,
        contact: Contact,
        *,
        messages: int = 0,
        last_activity_at: datetime | None = None,
        **fields: Any,
    ) -> tuple[Conversation, list[Message]]:
        """An open conversation with ``messages`` customer replies (seq 1..n)."""
        async with self.sessionmaker() as session:
            number = await session.scalar(
                select(func.coalesce(func.max(Conversation.number), 0) + 1).where(
                    Conversation.account_id == inbox.account_id
                )
            )
            conversation = Conversation(
                account_id=inbox.account_id,
                number=number,
                inbox_id=inbox.id,
                channel=inbox.channel,
                contact_id=contact.id,
                status=ConversationStatus.open.value,
                last_message_seq=messages,
                last_message_preview=f"message {messages}" if messages else "",
                **fields,
            )
            if last_activity_at is not None:
                conversation.last_activity_at = last_activity_at
            session.add(conversation)
            await session.flush()
            rows = [
                Message(
                    account_id=inbox.account_id,
                    conversation_id=conversation.id,
                    seq=seq,
                    kind=MessageKind.reply.value,
                    sender_type=SenderType.contact.value,
                    sender_contact_id=contact.id,
                    text=f"message {seq}",
                )
                for seq in range(1, messages + 1)
            ]
            session.add_all(rows)
            await session.commit()
        return conversation, rows

    async def history(self, inbox: Inbox, contact: Contact) -> ContactHistory:
        """Two conversations with messages, an attachment, a timeline entry, two activities
        and an outbox event, all belonging to ``contact``."""
        history = ContactHistory(contact)
        for messages in (2, 3):
            conversation, rows = await self.conversation(inbox, contact, messages=messages)
            history.conversation_ids.append(conversation.id)
            history.message_ids += [m.id for m in rows]
        async with self.sessionmaker() as session:
            account_id, conversation_id = contact.account_id, history.conversation_ids[0]
            attachment = Attachment(
                account_id=account_id,
                message_id=history.message_ids[0],
                uploaded_by_contact_id=contact.id,
                filename="receipt.pdf",
                content_type="application/pdf",
                size_bytes=10,
                storage_key=uuid.uuid4().hex,
            )
            timeline = ConversationEvent(
                account_id=account_id,
                conversation_id=conversation_id,
                type="rated",
                actor_type="contact",
                actor_contact_id=contact.id,
                data={"rating": 5},
            )
            activities = [
                ContactActivity(
                    account_id=account_id,
                    contact_id=contact.id,
                    type=kind,
                    payload={"n": n},
                    occurred_at=utcnow(),
                )
                for n, kind in enumerate(("page.viewed", "order.placed"))
            ]
            session.add_all([attachment, timeline, *activities])
            events.record(
                session,
                account_id,
                EventType.message_created,
                {"text": "hello"},
                conversation_id=conversation_id,
                contact_id=contact.id,
                widget=_hello_to_widget,
            )
            await session.flush()
            await events.flush_pending(session)
            await session.commit()
            history.attachment_ids.append(attachment.id)
            history.timeline_ids.append(timeline.id)
            history.activity_ids += [a.id for a in activities]
        return history


async def _hello_to_widget(_: AsyncSession) -> dict[str, str]:
    return {"text": "hello"}
