"""The functions the messages and widget code call: claim, for_messages, contact reads,
uploads by contacts, and the purge of uploads never sent."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.attachments import service
from helpdesk_api.attachments.exceptions import AttachmentsNotClaimable
from helpdesk_api.attachments.files import IncomingFile
from helpdesk_api.attachments.storage import create_storage
from helpdesk_api.attachments.tasks import purge_orphans
from helpdesk_api.errors import NotFound
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Attachment, Conversation, Message, MessageKind
from helpdesk_api.settings import Settings
from tests.factories.attachments import PDF, TEXT, make_message, uploaded
from tests.factories.conversations import make_contact, make_conversation, make_inbox
from tests.factories.staff import Tenant

Sessionmaker = async_sessionmaker[AsyncSession]


async def _conversation_with_messages(
    sessionmaker: Sessionmaker, tenant: Tenant, count: int = 2
) -> tuple[Conversation, list[Message]]:
    conversation = await make_conversation(sessionmaker, tenant.account.id)
    messages = [
        await make_message(sessionmaker, conversation, sender_user_id=tenant.agent.id)
        for _ in range(count)
    ]
    return conversation, messages


async def _message_of(sessionmaker: Sessionmaker, attachment_id: str) -> uuid.UUID | None:
    async with sessionmaker() as session:
        return await session.scalar(
            select(Attachment.message_id).where(Attachment.id == uuid.UUID(attachment_id))
        )


async def _claim(
    sessionmaker: Sessionmaker,
    tenant: Tenant,
    ids: list[str],
    message: Message,
    *,
    user_id: uuid.UUID | None = None,
    contact_id: uuid.UUID | None = None,
) -> list[Attachment]:
    """Claim in a transaction of its own, committed on success, rolled back on error."""
    async with sessionmaker() as session, session.begin():
        return await service.claim(
            session,
            tenant.account.id,
            [uuid.UUID(i) for i in ids],
            message.id,
            user_id=user_id,
            contact_id=contact_id,
        )


async def _contact_upload(
    sessionmaker: Sessionmaker, settings: Settings, tenant: Tenant, contact_id: uuid.UUID
) -> Attachment:
    async def chunks() -> AsyncIterator[bytes]:
        yield PDF[:10]
        yield PDF[10:]

    async with sessionmaker() as session, session.begin():
        return await service.upload(
            session,
            create_storage(settings),
            tenant.account.id,
            IncomingFile("receipt.pdf", "application/pdf", chunks()),
            settings=settings,
            contact_id=contact_id,
        )


async def test_claim_links_the_uploaders_attachments_in_the_order_given(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    first = await uploaded(client, tenant.agent.headers)
    second = await uploaded(
        client, tenant.agent.headers, filename="b.txt", content_type="text/plain", data=TEXT
    )
    _, [message, _] = await _conversation_with_messages(sessionmaker, tenant)
    claimed = await _claim(
        sessionmaker, tenant, [second, first, second], message, user_id=tenant.agent.id
    )
    assert [str(a.id) for a in claimed] == [second, first]
    assert {await _message_of(sessionmaker, i) for i in (first, second)} == {message.id}


async def test_claim_refuses_others_uploads_unknown_and_foreign_ids_and_changes_nothing(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    mine = await uploaded(client, tenant.agent.headers)
    colleagues = await uploaded(client, tenant.admin.headers)
    foreign = await uploaded(client, other_tenant.agent.headers)
    unknown = str(uuid.uuid4())
    _, [message, _] = await _conversation_with_messages(sessionmaker, tenant)
    with pytest.raises(AttachmentsNotClaimable) as refused:
        await _claim(
            sessionmaker,
            tenant,
            [mine, colleagues, foreign, unknown],
            message,
            user_id=tenant.agent.id,
        )
    assert refused.value.status == 422
    assert [e.loc for e in refused.value.errors] == [
        ["body", "attachment_ids", 1],
        ["body", "attachment_ids", 2],
        ["body", "attachment_ids", 3],
    ]
    assert refused.value.detail is not None
    assert mine not in refused.value.detail
    # The rollback undid the link of the one that could be claimed.
    assert await _message_of(sessionmaker, mine) is None
    # An API token (no user) may not take a user's upload either.
    with pytest.raises(AttachmentsNotClaimable):
        await _claim(sessionmaker, tenant, [mine], message)


async def test_an_attachment_is_sent_only_once(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    attachment_id = await uploaded(client, tenant.agent.headers)
    _, [first, second] = await _conversation_with_messages(sessionmaker, tenant)
    await _claim(sessionmaker, tenant, [attachment_id], first, user_id=tenant.agent.id)
    with pytest.raises(AttachmentsNotClaimable):
        await _claim(sessionmaker, tenant, [attachment_id], second, user_id=tenant.agent.id)
    assert await _message_of(sessionmaker, attachment_id) == first.id


async def test_concurrent_claims_of_one_attachment_have_exactly_one_winner(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    attachment_id = await uploaded(client, tenant.agent.headers)
    _, messages = await _conversation_with_messages(sessionmaker, tenant, count=6)
    results = await asyncio.gather(
        *(
            _claim(sessionmaker, tenant, [attachment_id], m, user_id=tenant.agent.id)
            for m in messages
        ),
        return_exceptions=True,
    )
    won = [m for m, r in zip(messages, results, strict=True) if isinstance(r, list)]
    assert len(won) == 1
    assert all(isinstance(r, AttachmentsNotClaimable) for r in results if not isinstance(r, list))
    assert await _message_of(sessionmaker, attachment_id) == won[0].id


async def test_for_messages_groups_attachments_and_lists_every_message(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    ids = [await uploaded(client, tenant.agent.headers) for _ in range(3)]
    _, [with_files, without] = await _conversation_with_messages(sessionmaker, tenant)
    await _claim(sessionmaker, tenant, ids, with_files, user_id=tenant.agent.id)
    async with sessionmaker() as session:
        found = await service.for_messages(session, tenant.account.id, [with_files.id, without.id])
        assert await service.for_messages(session, tenant.account.id, []) == {}
        foreign = await service.for_messages(session, other_tenant.account.id, [with_files.id])
    assert [str(a.id) for a in found[with_files.id]] == ids
    assert found[without.id] == []
    assert foreign == {with_files.id: []}


async def test_a_contact_reads_its_uploads_and_replies_of_its_conversations_only(
    client: httpx.AsyncClient, tenant: Tenant, settings: Settings, sessionmaker: Sessionmaker
) -> None:
    contact = await make_contact(sessionmaker, tenant.account.id)
    stranger = await make_contact(sessionmaker, tenant.account.id)
    inbox = await make_inbox(sessionmaker, tenant.account.id)
    conversation = await make_conversation(
        sessionmaker, tenant.account.id, inbox=inbox, contact=contact
    )
    reply = await make_message(sessionmaker, conversation, sender_user_id=tenant.agent.id)
    note = await make_message(
        sessionmaker, conversation, kind=MessageKind.note, sender_user_id=tenant.agent.id
    )
    on_reply, on_note, unsent = [await uploaded(client, tenant.agent.headers) for _ in range(3)]
    await _claim(sessionmaker, tenant, [on_reply], reply, user_id=tenant.agent.id)
    await _claim(sessionmaker, tenant, [on_note], note, user_id=tenant.agent.id)
    own = await _contact_upload(sessionmaker, settings, tenant, contact.id)
    assert own.uploaded_by_contact_id == contact.id
    assert own.uploaded_by_user_id is None
    assert own.size_bytes == len(PDF)

    async with sessionmaker() as session:
        for visible in (on_reply, str(own.id)):
            found = await service.get_for_contact(session, contact, inbox, uuid.UUID(visible))
            assert str(found.id) == visible
        download = await service.download_for_contact(
            session, create_storage(settings), contact, inbox, own.id
        )
        assert b"".join([chunk async for chunk in download.chunks]) == PDF
        for hidden in (on_note, unsent):
            with pytest.raises(NotFound):
                await service.get_for_contact(session, contact, inbox, uuid.UUID(hidden))
        for any_id in (on_reply, str(own.id)):
            with pytest.raises(NotFound):
                await service.get_for_contact(session, stranger, inbox, uuid.UUID(any_id))


async def test_a_contact_reads_files_sent_in_another_inbox_or_account_nowhere_else(
    client: httpx.AsyncClient,
    tenant: Tenant,
    other_tenant: Tenant,
    settings: Settings,
    sessionmaker: Sessionmaker,
) -> None:
    contact = await make_contact(sessionmaker, tenant.account.id)
    inbox, elsewhere = [await make_inbox(sessionmaker, tenant.account.id) for _ in range(2)]
    foreign_inbox = await make_inbox(sessionmaker, other_tenant.account.id)
    conversation = await make_conversation(
        sessionmaker, tenant.account.id, inbox=inbox, contact=contact
    )
    reply = await make_message(sessionmaker, conversation, sender_contact_id=contact.id)
    sent = await _contact_upload(sessionmaker, settings, tenant, contact.id)
    unsent = await _contact_upload(sessionmaker, settings, tenant, contact.id)
    await _claim(sessionmaker, tenant, [str(sent.id)], reply, contact_id=contact.id)

    async with sessionmaker() as session:
        assert (await service.get_for_contact(session, contact, inbox, sent.id)).id == sent.id
        # Not yet sent, an upload belongs to no inbox: the contact reads it in any.
        found = await service.get_for_contact(session, contact, elsewhere, unsent.id)
        assert found.id == unsent.id
        with pytest.raises(NotFound):
            await service.get_for_contact(session, contact, elsewhere, sent.id)
        for attachment in (sent, unsent):
            with pytest.raises(NotFound):
                await service.get_for_contact(session, contact, foreign_inbox, attachment.id)


async def test_a_contacts_upload_is_claimed_only_by_that_contact(
    client: httpx.AsyncClient, tenant: Tenant, settings: Settings, sessionmaker: Sessionmaker
) -> None:
    contact = await make_contact(sessionmaker, tenant.account.id)
    conversation = await make_conversation(sessionmaker, tenant.account.id, contact=contact)
    message = await make_message(sessionmaker, conversation, sender_contact_id=contact.id)
    own = str((await _contact_upload(sessionmaker, settings, tenant, contact.id)).id)
    with pytest.raises(AttachmentsNotClaimable):
        await _claim(sessionmaker, tenant, [own], message, user_id=tenant.agent.id)
    with pytest.raises(AttachmentsNotClaimable):  # as an API token
        await _claim(sessionmaker, tenant, [own], message)
    await _claim(sessionmaker, tenant, [own], message, contact_id=contact.id)
    assert await _message_of(sessionmaker, own) == message.id


async def test_purge_deletes_only_old_unsent_uploads_and_their_files(
    client: httpx.AsyncClient,
    app: FastAPI,
    tenant: Tenant,
    settings: Settings,
    sessionmaker: Sessionmaker,
) -> None:
    old_unsent, fresh_unsent, old_sent = [
        await uploaded(client, tenant.agent.headers) for _ in range(3)
    ]
    _, [message] = await _conversation_with_messages(sessionmaker, tenant, count=1)
    await _claim(sessionmaker, tenant, [old_sent], message, user_id=tenant.agent.id)
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(Attachment)
            .where(Attachment.id.in_([uuid.UUID(old_unsent), uuid.UUID(old_sent)]))
            .values(created_at=utcnow() - timedelta(hours=25))
        )
    folder = settings.data_dir / "attachments" / str(tenant.account.id)

    assert await purge_orphans({"resources": app.state.resources}) >= 1

    async with sessionmaker() as session:
        left = set(
            (
                await session.scalars(
                    select(Attachment.id).where(Attachment.account_id == tenant.account.id)
                )
            ).all()
        )
    assert {str(i) for i in left} == {fresh_unsent, old_sent}
    assert sorted(p.name for p in folder.iterdir()) == sorted([fresh_unsent, old_sent])
    assert await purge_orphans({"resources": app.state.resources}) == 0
