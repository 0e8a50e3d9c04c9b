"""A merge racing with a customer's writes neither deadlocks nor strands anything."""

import asyncio

from sqlalchemy import func, select

from helpdesk_api.auth.subject import Subject
from helpdesk_api.contacts.service import contact_service
from helpdesk_api.db import session_scope
from helpdesk_api.models import Conversation, Message
from helpdesk_api.widget import schemas
from helpdesk_api.widget.service import Visitor, widget_service
from tests.factories.conversations import make_contact
from tests.factories.desk import Desk


async def test_widget_reply_and_merge_in_either_order(desk: Desk) -> None:
    account = desk.tenant.account.id
    source = await make_contact(desk.sessionmaker, account)
    target = await make_contact(desk.sessionmaker, account)
    conversation = await desk.conversation(contact=source)
    admin = Subject.of_user(desk.tenant.admin.user)

    async def merge() -> None:
        async with session_scope(desk.sessionmaker) as session:
            await contact_service.merge(session, admin, target.id, source.id)

    async with session_scope(desk.sessionmaker) as session:
        visitor = Visitor(contact=source, inbox=desk.inbox)
        # The reply holds its locks while the merge starts and has to wait for them.
        first = widget_service.reply(
            session, visitor, conversation.id, schemas.WidgetMessageCreate(text="still there?")
        )
        await first
        merging = asyncio.create_task(merge())
        await asyncio.sleep(0.3)
        second = schemas.WidgetMessageCreate(text="hello?")
        await widget_service.reply(session, visitor, conversation.id, second)
    await asyncio.wait_for(merging, 10)

    async with desk.sessionmaker() as session:
        owner = await session.scalar(
            select(Conversation.contact_id).where(Conversation.id == conversation.id)
        )
        senders = await session.scalar(
            select(func.count()).where(
                Message.conversation_id == conversation.id, Message.sender_contact_id == target.id
            )
        )
    assert owner == target.id
    assert senders == 2


async def test_widget_start_and_merge_do_not_deadlock(desk: Desk) -> None:
    account = desk.tenant.account.id
    source = await make_contact(desk.sessionmaker, account)
    target = await make_contact(desk.sessionmaker, account)
    await desk.conversation(contact=source)
    admin = Subject.of_user(desk.tenant.admin.user)

    async def merge() -> None:
        async with session_scope(desk.sessionmaker) as session:
            await contact_service.merge(session, admin, target.id, source.id)
            await asyncio.sleep(0.3)  # holds the contacts while the widget starts

    merging = asyncio.create_task(merge())
    await asyncio.sleep(0.1)
    async with session_scope(desk.sessionmaker) as session:
        visitor = Visitor(contact=source, inbox=desk.inbox)
        started = await widget_service.start_conversation(
            session, visitor, schemas.WidgetConversationCreate(message="new question")
        )
    await asyncio.wait_for(merging, 10)
    async with desk.sessionmaker() as session:
        owner = await session.scalar(
            select(Conversation.contact_id).where(Conversation.id == started.conversation.id)
        )
    assert owner == target.id, "a conversation started during a merge lands on the survivor"
