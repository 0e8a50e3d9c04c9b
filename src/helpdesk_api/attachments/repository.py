"""Attachment queries, starting from who may read an attachment."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, false, insert, or_, select, update

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.repository import visible_to
from helpdesk_api.errors import NotFound
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import Attachment, Contact, Conversation, Inbox, Message, MessageKind


def _uploaded_by(subject: Subject) -> ColumnElement[bool]:
    """Uploads that are the subject's own. API tokens leave no uploader, so those are
    shared by the account's admin-role tokens."""
    if subject.user is not None:
        return Attachment.uploaded_by_user_id == subject.user.id
    if policies.is_admin(subject):
        return Attachment.uploaded_by_user_id.is_(None) & Attachment.uploaded_by_contact_id.is_(
            None
        )
    return false()


def _on_message(*criteria: ColumnElement[bool]) -> ColumnElement[bool]:
    # A correlated EXISTS, not IN: under OR, PostgreSQL would hash every visible message.
    return (
        select(Message.id)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Message.id == Attachment.message_id, *criteria)
        .exists()
    )


class AttachmentRepository(Repository[Attachment]):
    model = Attachment
    not_found = "Attachment not found."

    def readable(self, subject: Subject) -> Select[Attachment]:
        """Staff read an attachment of a message in a conversation they may see, and their
        own uploads not yet sent with a message."""
        return self.of_account(subject.account_id).where(
            or_(
                Attachment.message_id.is_(None) & _uploaded_by(subject),
                _on_message(visible_to(subject)),
            ),
        )

    def readable_by_contact(self, contact: Contact, inbox: Inbox) -> Select[Attachment]:
        """A customer, in the inbox of their session, reads their uploads not yet sent and
        what is on replies of their conversations in that inbox (never on notes or
        whispers): a file sent in another inbox is not found, even for the same contact."""
        return self.of_account(inbox.account_id).where(
            or_(
                Attachment.message_id.is_(None) & (Attachment.uploaded_by_contact_id == contact.id),
                _on_message(
                    Message.kind == MessageKind.reply.value,
                    Conversation.contact_id == contact.id,
                    Conversation.inbox_id == inbox.id,
                ),
            ),
        )

    async def get_for_contact(
        self, contact: Contact, inbox: Inbox, attachment_id: uuid.UUID
    ) -> Attachment:
        found = await self.session.scalar(
            self.readable_by_contact(contact, inbox).where(Attachment.id == attachment_id)
        )
        if found is None:
            raise NotFound(self.not_found)
        return found

    async def insert(self, **values: object) -> Attachment:
        statement = insert(Attachment).values(**values).returning(Attachment)
        row: Attachment = (await self.session.scalars(statement)).one()
        return row

    async def claim(
        self,
        account_id: uuid.UUID,
        attachment_ids: Sequence[uuid.UUID],
        message_id: uuid.UUID,
        *,
        user_id: uuid.UUID | None,
        contact_id: uuid.UUID | None,
    ) -> list[Attachment]:
        """Link the still unlinked ones uploaded by this principal; returns those linked.

        ``message_id IS NULL`` is re-checked by PostgreSQL after waiting for a concurrent
        claim's row lock, so of two claims of one attachment exactly one gets it.
        """
        statement = (
            update(Attachment)
            .where(
                Attachment.account_id == account_id,
                Attachment.id.in_(attachment_ids),
                Attachment.message_id.is_(None),
                Attachment.uploaded_by_user_id.is_not_distinct_from(user_id),
                Attachment.uploaded_by_contact_id.is_not_distinct_from(contact_id),
            )
            .values(message_id=message_id)
            .returning(Attachment)
            .execution_options(synchronize_session="fetch")
        )
        return list((await self.session.scalars(statement)).all())

    async def of_messages(
        self, account_id: uuid.UUID, message_ids: Sequence[uuid.UUID]
    ) -> list[Attachment]:
        statement = (
            self.of_account(account_id)
            .where(Attachment.message_id.in_(message_ids))
            .order_by(Attachment.created_at, Attachment.id)
        )
        return list((await self.session.scalars(statement)).all())

    async def delete_orphans(self, created_before: datetime, limit: int) -> list[str]:
        """Delete up to ``limit`` attachments never linked to a message; their storage keys.

        Rows a claim holds locked are skipped, and the lock re-checks ``message_id``, so an
        attachment being sent right now is never deleted.
        """
        doomed = (
            select(Attachment.id)
            .where(Attachment.message_id.is_(None), Attachment.created_at < created_before)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        statement = (
            delete(Attachment)
            .where(Attachment.id.in_(doomed.scalar_subquery()))
            .returning(Attachment.storage_key)
        )
        return list((await self.session.scalars(statement)).all())
