"""Posting and reading messages, with everything a message changes in its conversation.

The conversation row is locked while a message is numbered, so ``seq`` has no gaps and
the conversation's waiting/response bookkeeping sees messages in order.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.attachments import service as attachments
from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations import facts, reading, status
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.conversations.snapshots import snapshot
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.messages import schemas
from helpdesk_api.messages.repository import MessageRepository
from helpdesk_api.models import (
    CUSTOMER_VISIBLE_KINDS,
    Attachment,
    Conversation,
    FactKind,
    Message,
    MessageKind,
    SenderType,
)
from helpdesk_api.routing import handler
from helpdesk_api.routing.handler import Change, Checks, Target
from helpdesk_api.widget import projection

PREVIEW_LENGTH = 200


@dataclass(frozen=True)
class Sender:
    type: SenderType
    user_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None

    @property
    def is_staff(self) -> bool:
        return self.type in (SenderType.user, SenderType.bot)

    @classmethod
    def of(cls, subject: Subject) -> "Sender":
        return cls(SenderType.user, user_id=subject.user_id)


def present(message: Message, files: list[Attachment]) -> schemas.Message:
    return schemas.Message(
        **{f: getattr(message, f) for f in schemas.Message.model_fields if f != "attachments"},
        attachments=[
            schemas.AttachmentBrief(
                id=a.id,
                filename=a.filename,
                content_type=a.content_type,
                size_bytes=a.size_bytes,
                url=f"/api/v1/attachments/{a.id}",
            )
            for a in files
        ],
    )


class MessageService:
    async def post(
        self,
        session: AsyncSession,
        conversation: Conversation,
        sender: Sender,
        kind: MessageKind,
        text: str,
        attachment_ids: list[uuid.UUID] | None = None,
    ) -> schemas.Message:
        """Add a message to a conversation that the caller has locked for update."""
        now = utcnow()
        if sender.type is SenderType.contact:
            await status.reopen_for_customer(session, conversation)
        conversation.last_message_seq += 1
        conversation.last_activity_at = conversation.updated_at = now
        if sender.user_id is not None:
            # Writing in it, staff have seen it all. Set before the one flush of the row: a
            # second UPDATE of a row this transaction already wrote re-checks its foreign
            # keys (locking the team row), against routing's team → conversation order.
            conversation.staff_read_seq = conversation.last_message_seq
        if kind is MessageKind.reply:
            await self._bookkeep_reply(session, conversation, sender, text, now)
        await session.flush()
        message = await MessageRepository(session).insert(
            account_id=conversation.account_id,
            conversation_id=conversation.id,
            seq=conversation.last_message_seq,
            kind=kind.value,
            sender_type=sender.type.value,
            sender_user_id=sender.user_id,
            sender_contact_id=sender.contact_id,
            text=text,
            created_at=now,
        )
        files = (
            await attachments.claim(
                session,
                conversation.account_id,
                attachment_ids or [],
                message.id,
                user_id=sender.user_id,
                contact_id=sender.contact_id,
            )
            if attachment_ids
            else []
        )
        if kind is MessageKind.reply and not text.strip() and files:
            conversation.last_message_preview = "📎 " + files[0].filename
        if sender.user_id is not None:
            await reading.advance(session, conversation, sender.user_id, message.seq)
        result = present(message, files)
        customer_sees = kind in CUSTOMER_VISIBLE_KINDS
        events.record(
            session,
            conversation.account_id,
            EventType.message_created,
            partial(_created, conversation, result),
            conversation_id=conversation.id,
            contact_id=conversation.contact_id if customer_sees else None,
            widget=partial(projection.message_event, conversation=conversation, message=result)
            if customer_sees
            else None,
        )
        return result

    async def post_as_staff(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        data: schemas.MessageCreate,
    ) -> schemas.Message:
        if data.kind is MessageKind.whisper:
            policies.require_supervisor(subject)
        conversation = await ConversationRepository(session).get(
            subject, conversation_id, for_update=True
        )
        return await self.post(
            session,
            conversation,
            Sender.of(subject),
            MessageKind(data.kind),
            data.text,
            data.attachment_ids,
        )

    async def page(
        self,
        session: AsyncSession,
        conversation: Conversation,
        params: PageParams,
        *,
        customer_view: bool = False,
        newest_first: bool = False,
    ) -> tuple[list[schemas.Message], str | None]:
        rows, cursor = await MessageRepository(session).page(
            conversation.account_id,
            conversation.id,
            params,
            customer_view=customer_view,
            newest_first=newest_first,
        )
        files = await attachments.for_messages(
            session, conversation.account_id, [m.id for m in rows]
        )
        return [present(m, files.get(m.id, [])) for m in rows], cursor

    async def notes_about(
        self, session: AsyncSession, subject: Subject, contact_id: uuid.UUID, params: PageParams
    ) -> tuple[list[schemas.Message], str | None]:
        """Notes written about a customer in any of their conversations the subject sees."""
        rows, cursor = await MessageRepository(session).notes_about(subject, contact_id, params)
        files = await attachments.for_messages(session, subject.account_id, [m.id for m in rows])
        return [present(m, files.get(m.id, [])) for m in rows], cursor

    async def page_for_staff(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        params: PageParams,
        *,
        newest_first: bool,
    ) -> tuple[list[schemas.Message], str | None]:
        conversation = await ConversationRepository(session).get(subject, conversation_id)
        return await self.page(session, conversation, params, newest_first=newest_first)

    async def _bookkeep_reply(
        self,
        session: AsyncSession,
        conversation: Conversation,
        sender: Sender,
        text: str,
        now: datetime,
    ) -> None:
        conversation.last_message_preview = text.strip()[:PREVIEW_LENGTH]
        if sender.type is SenderType.contact:
            conversation.last_customer_message_at = now
            conversation.waiting_since = conversation.waiting_since or now
            return
        if not sender.is_staff:
            return  # system messages (auto-replies) answer nobody
        conversation.last_staff_message_at = now
        if conversation.bot_active and sender.user_id is not None:
            # A person's reply takes over from the bot (an integration's does not), within
            # their capacity like any other takeover.
            await handler.hand(
                session,
                conversation,
                Target(user_id=sender.user_id),
                Actor("user", sender.user_id),
                Change.taken_over,
                checks=Checks(availability=False),
            )
        if conversation.waiting_since is not None:
            first = conversation.first_response_pending
            await facts.record(
                session,
                conversation,
                FactKind.first_response if first else FactKind.response,
                now,
                since=conversation.waiting_since,
                user_id=sender.user_id,
                by_bot=sender.type is SenderType.bot,
            )
            conversation.first_response_at = conversation.first_response_at or now
            conversation.waiting_since = None
            conversation.first_response_pending = False


message_service = MessageService()


def _created(conversation: Conversation, message: schemas.Message) -> dict[str, Any]:
    """The payload of message.created, with the conversation as committed."""
    return {"message": message.model_dump(mode="json"), "conversation": snapshot(conversation)}
