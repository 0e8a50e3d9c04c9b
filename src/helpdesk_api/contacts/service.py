"""Contacts (customers): anonymous or identified, their attributes, activities and merges.

Invariants:
- an identifier names at most one contact per account (the partial unique index decides);
- a merged contact keeps its row but owns nothing: its conversations, messages,
  attachments, timeline entries, activities and outbox events belong to the contact it was
  merged into, and ``merged_into_id`` always points at a contact that is not merged itself;
- ``last_activity_at`` only ever moves forward.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth.subject import Subject
from helpdesk_api.contacts.exceptions import (
    ContactMerged,
    IdentifierTaken,
    InvalidMerge,
    OccurredInFuture,
    TooManyAttributes,
)
from helpdesk_api.contacts.repository import ContactActivityRepository, ContactRepository
from helpdesk_api.contacts.schemas import (
    MAX_ATTRIBUTES,
    ActivityStatus,
    ContactActivityCreate,
    ContactCreate,
    ContactUpdate,
)
from helpdesk_api.conversations import snapshots
from helpdesk_api.errors import FieldError, NotFound
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.kit.repository import flush_unique
from helpdesk_api.models import Contact, ContactActivity, Conversation

LOW_RISK_AFTER = timedelta(days=7)
HIGH_RISK_AFTER = timedelta(days=30)
#: How far ahead of our clock an integration's ``occurred_at`` may be (clock skew).
FUTURE_TOLERANCE = timedelta(minutes=5)
_UNIQUE_IDENTIFIER = "uq_contact_account_identifier"


def activity_status(
    last_activity_at: datetime | None, created_at: datetime, now: datetime
) -> ActivityStatus:
    """``active`` under 7 days since the last activity (creation if there was none),
    ``low_risk`` from 7 days, ``high_risk`` from 30 days."""
    idle = now - (last_activity_at or created_at)
    if idle >= HIGH_RISK_AFTER:
        return ActivityStatus.high_risk
    if idle >= LOW_RISK_AFTER:
        return ActivityStatus.low_risk
    return ActivityStatus.active


@dataclass(frozen=True)
class ContactView:
    contact: Contact
    activity_status: ActivityStatus


def _view(contact: Contact, now: datetime) -> ContactView:
    return ContactView(contact, activity_status(contact.last_activity_at, contact.created_at, now))


def merge_attributes(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` applied: a value replaces, ``None`` removes the key."""
    merged = dict(base)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _latest(first: datetime | None, second: datetime | None) -> datetime | None:
    present = [moment for moment in (first, second) if moment is not None]
    return max(present) if present else None


def _identifier_taken(identifier: str | None) -> IdentifierTaken:
    return IdentifierTaken(
        f"Another contact already has the identifier {identifier!r}.",
        errors=[FieldError(loc=["body", "identifier"], msg="already taken", type="unique")],
    )


def _refuse_merged(contact: Contact) -> None:
    if contact.merged_into_id is not None:
        raise ContactMerged(f"The contact was merged into {contact.merged_into_id}; use that one.")


class ContactService:
    """Every staff role and API tokens may read, create, change and merge contacts."""

    async def page(
        self,
        session: AsyncSession,
        subject: Subject,
        params: PageParams,
        *,
        q: str | None = None,
        email: str | None = None,
        identifier: str | None = None,
    ) -> tuple[list[ContactView], str | None]:
        contacts, cursor = await ContactRepository(session).page(
            subject, params, q=q, email=email, identifier=identifier
        )
        now = utcnow()
        return [_view(c, now) for c in contacts], cursor

    async def get(
        self, session: AsyncSession, subject: Subject, contact_id: uuid.UUID
    ) -> ContactView:
        """Merged contacts stay readable, so a client holding an old id can follow it."""
        return _view(await ContactRepository(session).get(subject, contact_id), utcnow())

    async def create(
        self, session: AsyncSession, subject: Subject, data: ContactCreate
    ) -> ContactView:
        contact = Contact(
            account_id=subject.account_id,
            identifier=data.identifier,
            name=data.name,
            email=data.email,
            phone=data.phone,
            custom_attributes=merge_attributes({}, data.custom_attributes),
        )
        session.add(contact)
        await flush_unique(session, _UNIQUE_IDENTIFIER, _identifier_taken(data.identifier))
        return _view(contact, utcnow())

    async def update(
        self, session: AsyncSession, subject: Subject, contact_id: uuid.UUID, data: ContactUpdate
    ) -> ContactView:
        """Change the fields sent (``null`` clears one); merge ``custom_attributes`` by key."""
        contact = await ContactRepository(session).get(subject, contact_id, for_update=True)
        _refuse_merged(contact)
        for field in ("identifier", "name", "email", "phone"):
            if field in data.model_fields_set:
                setattr(contact, field, getattr(data, field))
        if data.custom_attributes:
            attributes = merge_attributes(contact.custom_attributes, data.custom_attributes)
            if len(attributes) > MAX_ATTRIBUTES:
                raise TooManyAttributes(
                    f"A contact holds at most {MAX_ATTRIBUTES} custom attributes.",
                    errors=[
                        FieldError(loc=["body", "custom_attributes"], msg="too many", type="max")
                    ],
                )
            contact.custom_attributes = attributes
        await flush_unique(session, _UNIQUE_IDENTIFIER, _identifier_taken(contact.identifier))
        await session.refresh(contact, ["updated_at"])
        return _view(contact, utcnow())

    async def merge(
        self,
        session: AsyncSession,
        subject: Subject,
        target_id: uuid.UUID,
        source_id: uuid.UUID,
    ) -> ContactView:
        """Merge the source contact into the target, in this transaction, losing nothing.

        Everything the source owns moves to the target; the target's blank fields are
        filled from the source, its custom attributes win over the source's, and it keeps
        the later of both activity and seen times. The source row stays, marked merged.
        Each moved conversation announces its new contact (``conversation.updated``).
        """
        repository = ContactRepository(session)
        locked = await repository.lock_pair(subject, target_id, source_id)
        if target_id not in locked:
            raise NotFound(repository.not_found)
        if source_id not in locked:
            raise NotFound(
                "The contact to merge was not found.",
                errors=[FieldError(loc=["body", "contact_id"], msg="not found", type="not_found")],
            )
        target, source = locked[target_id], locked[source_id]
        self._check_mergeable(target, source)
        moved = await repository.move_references(subject.account_id, source.id, target.id)
        if not target.identifier and source.identifier:
            identifier, source.identifier = source.identifier, None
            await session.flush()  # frees the identifier before the target takes it
            target.identifier = identifier
        target.name = target.name or source.name
        target.email = target.email or source.email
        target.phone = target.phone or source.phone
        target.custom_attributes = {**source.custom_attributes, **target.custom_attributes}
        target.last_activity_at = _latest(target.last_activity_at, source.last_activity_at)
        target.last_seen_at = _latest(target.last_seen_at, source.last_seen_at)
        source.merged_into_id = target.id
        await session.flush()
        for conversation in moved:
            snapshots.record(
                session, EventType.conversation_updated, conversation, {"changed": ["contact_id"]}
            )
        await session.refresh(target, ["updated_at"])
        return _view(target, utcnow())

    def _check_mergeable(self, target: Contact, source: Contact) -> None:
        if target.id == source.id:
            raise InvalidMerge(
                "A contact cannot be merged into itself.",
                errors=[FieldError(loc=["body", "contact_id"], msg="same contact", type="merge")],
            )
        for contact, loc in ((target, ["path", "contact_id"]), (source, ["body", "contact_id"])):
            if contact.merged_into_id is not None:
                raise InvalidMerge(
                    f"Contact {contact.id} was already merged into {contact.merged_into_id}.",
                    errors=[FieldError(loc=loc, msg="already merged", type="merge")],
                )

    async def activities(
        self, session: AsyncSession, subject: Subject, contact_id: uuid.UUID, params: PageParams
    ) -> tuple[list[ContactActivity], str | None]:
        """The contact's activities, latest ``occurred_at`` first."""
        contact = await ContactRepository(session).get(subject, contact_id)
        return await ContactActivityRepository(session).page(subject, contact.id, params)

    async def add_activity(
        self,
        session: AsyncSession,
        subject: Subject,
        contact_id: uuid.UUID,
        data: ContactActivityCreate,
    ) -> ContactActivity:
        """Record what the customer did elsewhere; ``last_activity_at`` never moves back."""
        now = utcnow()
        occurred_at = data.occurred_at or now
        if occurred_at > now + FUTURE_TOLERANCE:
            raise OccurredInFuture(
                "occurred_at may not lie in the future.",
                errors=[FieldError(loc=["body", "occurred_at"], msg="in the future", type="time")],
            )
        # The update comes first: it locks the contact, so a concurrent merge either waits
        # for this activity to commit (and moves it) or has already marked the contact.
        contact = await ContactRepository(session).touch(
            subject.account_id, contact_id, occurred_at
        )
        if contact is None:
            raise NotFound(ContactRepository.not_found)
        _refuse_merged(contact)
        return await ContactActivityRepository(session).insert(
            contact, data.type, data.payload, occurred_at
        )

    async def conversations(
        self, session: AsyncSession, subject: Subject, contact_id: uuid.UUID, params: PageParams
    ) -> tuple[list[Conversation], str | None]:
        """The contact's conversations the subject may see, latest activity first."""
        repository = ContactRepository(session)
        contact = await repository.get(subject, contact_id)
        return await repository.conversations(subject, contact.id, params)


contact_service = ContactService()


# For the widget, channels and conversations: they act for a customer, not for staff.


async def create_anonymous(session: AsyncSession, account_id: uuid.UUID) -> Contact:
    """A new visitor with nothing known about them yet."""
    return await ContactRepository(session).insert(account_id)


async def identify(
    session: AsyncSession,
    account_id: uuid.UUID,
    identifier: str,
    *,
    name: str | None = None,
    email: str | None = None,
) -> Contact:
    """The contact with this identifier, created if there is none; blank name and e-mail
    are filled from the arguments. If that contact was merged, the one it was merged into.

    Safe under concurrency: simultaneous calls with one identifier all get the same contact
    (``INSERT … ON CONFLICT DO NOTHING`` on the unique index, then read the winner's row).
    """
    repository = ContactRepository(session)
    created = await repository.insert_identified(account_id, identifier, name=name, email=email)
    if created is not None:
        return created
    contact = await repository.by_identifier(account_id, identifier)
    assert contact is not None, "the conflicting row is committed, contacts are never deleted"
    if contact.merged_into_id is not None:
        contact = await resolve(session, account_id, contact.merged_into_id)
    if name and not contact.name:
        contact.name = name
    if email and not contact.email:
        contact.email = email
    await session.flush()
    return contact


async def resolve(
    session: AsyncSession, account_id: uuid.UUID, contact_id: uuid.UUID, *, lock: bool = False
) -> Contact:
    """The contact, or the one it was merged into; NotFound outside ``account_id``.

    Use it wherever a stored contact id (a widget token, a channel's sender) is turned back
    into the customer, so a merge redirects them instead of stranding them. With ``lock``
    the returned row is share-locked until commit: a concurrent merge then waits for what
    this transaction attaches to the contact, and moves it too.
    """
    repository = ContactRepository(session)
    contact = await repository.in_account(account_id, contact_id, share_lock=lock)
    if contact is not None and contact.merged_into_id is not None:
        contact = await repository.in_account(account_id, contact.merged_into_id, share_lock=lock)
    if contact is None:
        raise NotFound(repository.not_found)
    return contact


async def touch_activity(session: AsyncSession, contact: Contact, at: datetime) -> None:
    """Record that the customer was active at ``at`` (a message, a visit); never moves back."""
    await ContactRepository(session).touch(contact.account_id, contact.id, at)
