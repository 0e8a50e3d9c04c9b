"""The helpers that complete a conversation's read model take the subject: a conversation
or contact id of another account, or another user's markers, are never found."""

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.models import (
    Conversation,
    ConversationFollower,
    ConversationLabel,
    ConversationRead,
    Label,
)
from tests.factories.conversations import make_conversation
from tests.factories.staff import Tenant

Sessionmaker = async_sessionmaker[AsyncSession]


async def _labelled_read_and_followed(sessionmaker: Sessionmaker, tenant: Tenant) -> Conversation:
    """A conversation with one label, read up to 3 and followed by the tenant's agent."""
    conversation = await make_conversation(sessionmaker, tenant.account.id)
    async with sessionmaker() as session, session.begin():
        label = Label(account_id=tenant.account.id, name=f"vip-{conversation.number}")
        session.add(label)
        await session.flush()
        await session.execute(
            insert(ConversationLabel).values(conversation_id=conversation.id, label_id=label.id)
        )
        row = {"conversation_id": conversation.id, "user_id": tenant.agent.id}
        await session.execute(insert(ConversationRead).values(**row, last_read_seq=3))
        await session.execute(insert(ConversationFollower).values(**row))
    return conversation


async def test_surroundings_of_another_accounts_conversation_are_not_found(
    tenant: Tenant, other_tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    conversation = await _labelled_read_and_followed(sessionmaker, tenant)
    own, stranger = Subject.of_user(tenant.admin.user), Subject.of_user(other_tenant.admin.user)
    async with sessionmaker() as session:
        repository = ConversationRepository(session)
        [around] = (await repository.surroundings(own, [conversation.id])).values()
        assert around.contact_id == conversation.contact_id
        assert [label["name"] for label in around.labels] == [f"vip-{conversation.number}"]
        assert await repository.surroundings(stranger, [conversation.id]) == {}


async def test_read_markers_and_follows_are_the_subjects_own(
    tenant: Tenant, other_tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    conversation = await _labelled_read_and_followed(sessionmaker, tenant)
    ids = [conversation.id]
    async with sessionmaker() as session:
        repository = ConversationRepository(session)
        agent = Subject.of_user(tenant.agent.user)
        assert await repository.read_seqs(agent, ids) == {conversation.id: 3}
        mine = (await repository.surroundings(agent, ids))[conversation.id]
        assert (mine.last_read_seq, mine.following) == (3, True)
        admin = Subject.of_user(tenant.admin.user)
        theirs = (await repository.surroundings(admin, ids))[conversation.id]
        assert (theirs.last_read_seq, theirs.following) == (None, False)
        for user in (tenant.admin.user, other_tenant.agent.user):
            assert await repository.read_seqs(Subject.of_user(user), ids) == {}
