"""Inboxes, contacts and conversations made straight in the database.

Conversation numbers come from the account's counter, as the service takes them, so rows
made here never collide with conversations created through the API.
"""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.inboxes.service import new_hmac_secret, new_widget_key
from helpdesk_api.models import Channel, Contact, Conversation, ConversationStatus, Inbox

Sessionmaker = async_sessionmaker[AsyncSession]


def _apply(row: object, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if not hasattr(row, key):
            raise TypeError(f"{type(row).__name__} has no field {key!r}")
        setattr(row, key, value)


async def make_inbox(sessionmaker: Sessionmaker, account_id: uuid.UUID, **fields: Any) -> Inbox:
    """An active web-chat inbox; ``fields`` override any column (``channel="api"`` …)."""
    inbox = Inbox(
        account_id=account_id,
        name=f"Inbox {uuid.uuid4().hex[:6]}",
        channel=Channel.web_chat.value,
        greeting="",
        auto_reply="",
        widget_key=new_widget_key(),
        hmac_secret=new_hmac_secret(),
        bot_enabled=False,
        settings={},
        is_active=True,
    )
    _apply(inbox, fields)
    async with sessionmaker() as session:
        session.add(inbox)
        await session.commit()
    return inbox


async def make_contact(sessionmaker: Sessionmaker, account_id: uuid.UUID, **fields: Any) -> Contact:
    """An identified contact with a unique name and e-mail; override with ``fields``."""
    tag = uuid.uuid4().hex[:8]
    contact = Contact(
        account_id=account_id,
        name=f"Customer {tag}",
        email=f"customer-{tag}@example.com",
        custom_attributes={},
    )
    _apply(contact, fields)
    async with sessionmaker() as session:
        session.add(contact)
        await session.commit()
    return contact


async def make_conversation(
    sessionmaker: Sessionmaker,
    account_id: uuid.UUID,
    *,
    inbox: Inbox | None = None,
    contact: Contact | None = None,
    **fields: Any,
) -> Conversation:
    """An open conversation numbered by the account's counter, its channel the inbox's.

    A new inbox and contact are made when not given; ``fields`` override any column
    (``assignee_id``, ``team_id``, ``status`` …).
    """
    inbox = inbox or await make_inbox(sessionmaker, account_id)
    contact = contact or await make_contact(sessionmaker, account_id)
    async with sessionmaker() as session:
        number = await ConversationRepository(session).next_number(account_id)
        conversation = Conversation(
            account_id=account_id,
            number=number,
            inbox_id=inbox.id,
            channel=inbox.channel,
            contact_id=contact.id,
            status=ConversationStatus.open.value,
        )
        _apply(conversation, fields)
        session.add(conversation)
        await session.commit()
        await session.refresh(conversation)
    return conversation
