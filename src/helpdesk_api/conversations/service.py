"""Conversations: starting, reading, listing and editing them."""

import uuid
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.contacts import service as contacts
from helpdesk_api.conversations import attributes, schemas, snapshots, status, timeline
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.conversations.exceptions import UnknownReference
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.conversations.snapshots import present, present_one
from helpdesk_api.errors import NotFound
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.jobs import JobQueue
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.models import (
    Contact,
    Conversation,
    ConversationEvent,
    ConversationStatus,
    Inbox,
    MessageKind,
    Team,
)
from helpdesk_api.routing import handler
from helpdesk_api.routing.exceptions import OverCapacity
from helpdesk_api.routing.handler import Change, Checks, Target
from helpdesk_api.users.repository import UserRepository

_EDITABLE = ("priority", "subject", "linked_item")
R = TypeVar("R", Inbox, Team, Contact)


def _usable(row: Inbox | Team | Contact) -> bool:
    if isinstance(row, Inbox):
        return row.is_active
    return not isinstance(row, Contact) or row.merged_into_id is None


class ConversationService:
    async def page(
        self,
        session: AsyncSession,
        subject: Subject,
        filters: schemas.ConversationFilters,
        params: PageParams,
    ) -> tuple[list[schemas.Conversation], str | None]:
        rows, cursor = await ConversationRepository(session).page(subject, filters, params)
        return await present(session, subject, rows), cursor

    async def page_of_user(
        self,
        session: AsyncSession,
        subject: Subject,
        user_id: uuid.UUID,
        statuses: list[ConversationStatus],
        params: PageParams,
    ) -> tuple[list[schemas.Conversation], str | None]:
        """The conversations a colleague handles: the admin's per-agent view."""
        policies.require_admin(subject)
        user = await UserRepository(session).get(subject, user_id)
        filters = schemas.ConversationFilters(assignee=str(user.id), status=statuses)
        return await self.page(session, subject, filters, params)

    async def get(
        self, session: AsyncSession, subject: Subject, conversation_id: uuid.UUID
    ) -> schemas.Conversation:
        conversation = await ConversationRepository(session).get(subject, conversation_id)
        return await present_one(session, subject, conversation)

    async def open(
        self,
        session: AsyncSession,
        account_id: uuid.UUID,
        inbox: Inbox,
        contact: Contact,
        actor: Actor,
        *,
        team_id: uuid.UUID | None = None,
        subject: str | None = None,
        priority: str = "none",
        linked_item: dict[str, object] | None = None,
        assignee_id: uuid.UUID | None = None,
        bot: bool | None = None,
    ) -> Conversation:
        """A new open conversation, numbered within the account. ``assignee_id`` handles it
        when they have capacity left; otherwise the inbox's bot when it is on; otherwise it
        waits in its team's queue for routing."""
        now = utcnow()
        conversation = Conversation(
            id=uuid.uuid4(),
            account_id=account_id,
            number=await ConversationRepository(session).next_number(account_id),
            inbox_id=inbox.id,
            channel=inbox.channel,
            contact_id=contact.id,
            status=ConversationStatus.open.value,
            priority=priority,
            team_id=team_id or inbox.default_team_id,
            bot_active=(inbox.bot_enabled if bot is None else bot) and assignee_id is None,
            subject=subject,
            linked_item=linked_item,
            last_message_seq=0,
            last_message_preview="",
            last_activity_at=now,
            opened_at=now,
            first_response_pending=True,
            past_assignee_ids=[],
        )
        handler.queue_for_team(conversation)
        session.add(conversation)
        await session.flush()
        await timeline.log(session, conversation, "created", actor, inbox_id=str(inbox.id))
        handed = None
        if assignee_id is not None:
            handed = await self._give_to_starter(session, conversation, assignee_id, actor)
        snapshots.record(session, EventType.conversation_created, conversation, to_widget=True)
        if handed is not None:
            handed.record(session)
        return conversation

    async def _give_to_starter(
        self,
        session: AsyncSession,
        conversation: Conversation,
        user_id: uuid.UUID,
        actor: Actor,
    ) -> handler.Announcement | None:
        """Whoever starts a conversation handles it, within their capacity; beyond it, it
        waits in the team's queue like any other."""
        try:  # a refusal is raised before anything is written
            return await handler.hand(
                session,
                conversation,
                Target(user_id=user_id),
                actor,
                Change.assigned,
                checks=Checks(availability=False),
                announce=False,
            )
        except OverCapacity as refused:
            await timeline.log(
                session, conversation, Change.queued.value, actor, reason=refused.detail
            )
            return None

    async def create(
        self, session: AsyncSession, subject: Subject, data: schemas.ConversationCreate
    ) -> Conversation:
        """A conversation started by staff; ``data.message`` becomes its first reply."""
        inbox = await self._in_account(session, subject, Inbox, data.inbox_id, "inbox_id")
        if data.team_id is not None:
            await self._in_account(session, subject, Team, data.team_id, "team_id")
        contact = await self._contact(session, subject, data)
        return await self.open(
            session,
            subject.account_id,
            inbox,
            contact,
            Actor.of(subject),
            team_id=data.team_id,
            subject=data.subject,
            priority=data.priority.value,
            linked_item=data.linked_item.model_dump(mode="json") if data.linked_item else None,
            assignee_id=subject.user_id,  # staff started it: they handle it
            bot=False,  # nor is an integration's conversation the bot's
        )

    async def create_and_present(
        self, session: AsyncSession, subject: Subject, data: schemas.ConversationCreate
    ) -> schemas.Conversation:
        """``create``, then the first message if any, as the caller sees the result."""
        conversation = await self.create(session, subject, data)
        if data.message:
            from helpdesk_api.messages.service import Sender, message_service

            await message_service.post(
                session, conversation, Sender.of(subject), MessageKind.reply, data.message
            )
        return await present_one(session, subject, conversation)

    async def set_labels(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        label_ids: list[uuid.UUID],
    ) -> None:
        conversation = await ConversationRepository(session).get(
            subject, conversation_id, for_update=True
        )
        await attributes.set_labels(session, subject, conversation, label_ids)

    async def update(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        data: schemas.ConversationUpdate,
        jobs: JobQueue,
    ) -> Conversation:
        conversation = await ConversationRepository(session).get(
            subject, conversation_id, for_update=True
        )
        given = data.model_dump(mode="json", exclude_unset=True)
        if given.get("priority") is None:
            given.pop("priority", None)  # null means "leave it": a conversation always has one
        changes = {
            f: given[f] for f in _EDITABLE if f in given and given[f] != getattr(conversation, f)
        }
        for field, value in changes.items():
            setattr(conversation, field, value)
        if changes:
            conversation.updated_at = utcnow()
            await timeline.log(session, conversation, "updated", Actor.of(subject), **changes)
            snapshots.record(
                session,
                EventType.conversation_updated,
                conversation,
                {"changed": sorted(changes)},
            )
        if data.snoozed_until is not None:
            await status.change(
                session,
                conversation,
                ConversationStatus.snoozed,
                Actor.of(subject),
                snoozed_until=data.snoozed_until,
                jobs=jobs,
            )
        await session.flush()
        return conversation

    async def change_status(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        data: schemas.StatusChange,
        jobs: JobQueue,
    ) -> Conversation:
        conversation = await ConversationRepository(session).get(
            subject, conversation_id, for_update=True
        )
        await status.change(
            session,
            conversation,
            data.status,
            Actor.of(subject),
            snoozed_until=data.snoozed_until,
            jobs=jobs,
        )
        return conversation

    async def timeline(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        params: PageParams,
    ) -> tuple[list[ConversationEvent], str | None]:
        conversation = await ConversationRepository(session).get(subject, conversation_id)
        return await timeline.page(session, subject, conversation, params)

    async def _contact(
        self, session: AsyncSession, subject: Subject, data: schemas.ConversationCreate
    ) -> Contact:
        if data.contact_id is not None:
            try:
                # Share-locked, and followed through a merge, before the conversation is made.
                return await contacts.resolve(
                    session, subject.account_id, data.contact_id, lock=True
                )
            except NotFound:
                raise UnknownReference("No such contact in this account.") from None
        assert data.contact is not None
        found = await session.scalar(
            select(Contact)
            .where(
                Contact.account_id == subject.account_id,
                func.lower(Contact.email) == data.contact.email.lower(),
                Contact.merged_into_id.is_(None),
            )
            # Identified customers first, then the oldest: the same contact every time.
            .order_by(Contact.identifier.is_(None), Contact.created_at, Contact.id)
            .limit(1)
        )
        if found is not None:
            return found
        contact = Contact(
            id=uuid.uuid4(),
            account_id=subject.account_id,
            email=data.contact.email,
            name=data.contact.name,
            custom_attributes={},
        )
        session.add(contact)
        await session.flush()
        return contact

    async def _in_account(
        self, session: AsyncSession, subject: Subject, model: type[R], id: uuid.UUID, field: str
    ) -> R:
        row = await session.get(model, id)
        if row is None or row.account_id != subject.account_id or not _usable(row):
            raise UnknownReference(f"No such {field.removesuffix('_id')} in this account.")
        return row


conversation_service = ConversationService()
