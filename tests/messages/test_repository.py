"""Message reads take their scope: an id of another account, or of a conversation the
subject may not see, finds nothing."""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import NotFound
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.messages.repository import MessageRepository
from tests.factories.attachments import make_message
from tests.factories.conversations import make_conversation
from tests.factories.staff import Tenant

Sessionmaker = async_sessionmaker[AsyncSession]


async def test_paging_another_accounts_conversation_yields_no_message(
    tenant: Tenant, other_tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    conversation = await make_conversation(sessionmaker, tenant.account.id)
    messages = [await make_message(sessionmaker, conversation) for _ in range(2)]
    async with sessionmaker() as session:
        repository = MessageRepository(session)
        page = {"params": PageParams(limit=10), "customer_view": False, "newest_first": False}
        own, _ = await repository.page(tenant.account.id, conversation.id, **page)
        foreign, cursor = await repository.page(other_tenant.account.id, conversation.id, **page)
    assert [m.id for m in own] == [m.id for m in messages]
    assert (foreign, cursor) == ([], None)


async def test_a_message_is_found_only_by_who_may_see_its_conversation(
    tenant: Tenant, other_tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    # No team, no assignee: the account's admins see it, its agent does not.
    conversation = await make_conversation(sessionmaker, tenant.account.id)
    message = await make_message(sessionmaker, conversation)
    async with sessionmaker() as session:
        repository = MessageRepository(session)
        found = await repository.get(Subject.of_user(tenant.admin.user), message.id)
        assert found.id == message.id
        for stranger in (tenant.agent, other_tenant.admin):
            with pytest.raises(NotFound):
                await repository.get(Subject.of_user(stranger.user), message.id)
