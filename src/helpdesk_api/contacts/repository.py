"""Contact queries. Every query is scoped to one account; merged contacts are never listed."""

import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import InstrumentedAttribute

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.repository import visible_to
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import (
    Attachment,
    Contact,
    ContactActivity,
    Conversation,
    ConversationEvent,
    Event,
    Message,
)

MAX_SEARCH_WORDS = 8
_NOT_WORD = re.compile(r"[\W_]+")


def prefix_tsquery(q: str) -> str | None:
    """A ``to_tsquery`` text matching every word of ``q`` as a prefix (``'ann':* & 'exa':*``).

    Only letters and digits survive: everything else — tsquery operators, quotes, '@' and
    '.' of e-mails — splits words, as it does in ``contact.search`` (which also holds the
    e-mail split at '@' and '.'), so no user input can change the query's structure.
    None when ``q`` has no word.
    """
    words = _NOT_WORD.sub(" ", q).split()[:MAX_SEARCH_WORDS]
    if not words:
        return None
    return " & ".join(f"'{word}':*" for word in words)


def _matches(tsquery: str) -> ColumnElement[bool]:
    return Contact.search.bool_op("@@")(
        func.to_tsquery(literal_column("'simple'::regconfig"), tsquery)
    )


class ContactRepository(Repository[Contact]):
    model = Contact
    not_found = "Contact not found."

    async def page(
        self,
        subject: Subject,
        params: PageParams,
        *,
        q: str | None,
        email: str | None,
        identifier: str | None,
    ) -> tuple[list[Contact], str | None]:
        statement = self.readable(subject).where(Contact.merged_into_id.is_(None))
        tsquery = prefix_tsquery(q) if q else None
        if tsquery is not None:
            statement = statement.where(_matches(tsquery))
        if email is not None:
            statement = statement.where(func.lower(Contact.email) == email.strip().lower())
        if identifier is not None:
            statement = statement.where(Contact.identifier == identifier)
        return await paginate(
            self.session, statement, [Contact.created_at, Contact.id], params, descending=True
        )

    async def in_account(
        self, account_id: uuid.UUID, contact_id: uuid.UUID, *, share_lock: bool = False
    ) -> Contact | None:
        statement = select(Contact).where(
            Contact.account_id == account_id, Contact.id == contact_id
        )
        if share_lock:
            statement = statement.with_for_update(read=True).execution_options(
                populate_existing=True
            )
        return await self.session.scalar(statement)

    async def by_identifier(self, account_id: uuid.UUID, identifier: str) -> Contact | None:
        return await self.session.scalar(
            select(Contact).where(
                Contact.account_id == account_id, Contact.identifier == identifier
            )
        )

    async def lock_pair(
        self, subject: Subject, first: uuid.UUID, second: uuid.UUID
    ) -> dict[uuid.UUID, Contact]:
        """Lock both readable rows, always in id order so two opposite merges cannot deadlock."""
        statement = (
            self.readable(subject)
            .where(Contact.id.in_([first, second]))
            .order_by(Contact.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return {c.id: c for c in (await self.session.scalars(statement)).all()}

    async def insert(self, account_id: uuid.UUID, **values: object) -> Contact:
        statement = (
            pg_insert(Contact)
            .values(account_id=account_id, custom_attributes={}, **values)
            .returning(Contact)
        )
        return (await self.session.scalars(statement)).one()

    async def insert_identified(
        self, account_id: uuid.UUID, identifier: str, **values: object
    ) -> Contact | None:
        """Insert a contact with this identifier; None when one exists (or is being made)."""
        statement = (
            pg_insert(Contact)
            .values(account_id=account_id, identifier=identifier, custom_attributes={}, **values)
            .on_conflict_do_nothing(
                index_elements=["account_id", "identifier"],
                index_where=text("identifier IS NOT NULL"),
            )
            .returning(Contact)
        )
        return (await self.session.scalars(statement)).one_or_none()

    async def touch(
        self, account_id: uuid.UUID, contact_id: uuid.UUID, at: datetime
    ) -> Contact | None:
        """Move ``last_activity_at`` forward to ``at`` (never backwards), locking the row.

        Holding the row lock until commit means a concurrent merge of this contact waits,
        then moves whatever this transaction attached to it.
        """
        statement = (
            update(Contact)
            .where(Contact.account_id == account_id, Contact.id == contact_id)
            .values(last_activity_at=func.greatest(Contact.last_activity_at, at))
            .returning(Contact)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        return (await self.session.scalars(statement)).one_or_none()

    async def conversations(
        self, subject: Subject, contact_id: uuid.UUID, params: PageParams
    ) -> tuple[list[Conversation], str | None]:
        """The contact's conversations that ``subject`` may see, latest activity first."""
        statement = select(Conversation).where(
            visible_to(subject), Conversation.contact_id == contact_id
        )
        keys = [Conversation.last_activity_at, Conversation.id]
        return await paginate(self.session, statement, keys, params, descending=True)

    async def move_references(
        self, account_id: uuid.UUID, source_id: uuid.UUID, target_id: uuid.UUID
    ) -> list[Conversation]:
        """Point every row that refers to ``source_id`` at ``target_id`` instead; returns the
        conversations that moved."""
        # In id order, as everyone else locks conversations, so a merge cannot deadlock.
        await self.session.execute(
            select(Conversation.id)
            .where(Conversation.account_id == account_id, Conversation.contact_id == source_id)
            .order_by(Conversation.id)
            .with_for_update()
        )
        moved = await self.session.scalars(
            update(Conversation)
            .where(Conversation.account_id == account_id, Conversation.contact_id == source_id)
            .values(contact_id=target_id)
            .returning(Conversation)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        conversations = list(moved.all())
        references: list[tuple[Any, InstrumentedAttribute[uuid.UUID | None]]] = [
            (ContactActivity, ContactActivity.contact_id),
            (Message, Message.sender_contact_id),
            (Attachment, Attachment.uploaded_by_contact_id),
            (ConversationEvent, ConversationEvent.actor_contact_id),
            (Event, Event.contact_id),
            # Contacts merged into the source earlier now point at the survivor, so a
            # merged contact is always one step from the one that lives on.
            (Contact, Contact.merged_into_id),
        ]
        for model, column in references:
            await self.session.execute(
                update(model)
                .where(model.account_id == account_id, column == source_id)
                .values({column.key: target_id})
                .execution_options(synchronize_session=False)
            )
        return conversations


class ContactActivityRepository(Repository[ContactActivity]):
    model = ContactActivity
    not_found = "Activity not found."

    async def page(
        self, subject: Subject, contact_id: uuid.UUID, params: PageParams
    ) -> tuple[list[ContactActivity], str | None]:
        statement = self.readable(subject).where(ContactActivity.contact_id == contact_id)
        keys = [ContactActivity.occurred_at, ContactActivity.id]
        return await paginate(self.session, statement, keys, params, descending=True)

    async def insert(
        self, contact: Contact, type: str, payload: Mapping[str, Any], occurred_at: datetime
    ) -> ContactActivity:
        statement = (
            pg_insert(ContactActivity)
            .values(
                account_id=contact.account_id,
                contact_id=contact.id,
                type=type,
                payload=payload,
                occurred_at=occurred_at,
            )
            .returning(ContactActivity)
        )
        return (await self.session.scalars(statement)).one()
