import uuid
from collections.abc import Awaitable
from typing import Annotated

from fastapi import APIRouter, Query, status

from helpdesk_api.auth.dependencies import CurrentSubject, StaffIdempotency
from helpdesk_api.contacts import schemas
from helpdesk_api.contacts.service import ContactView, contact_service
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SessionDep
from helpdesk_api.kit.pagination import Page
from helpdesk_api.messages.schemas import Message
from helpdesk_api.messages.service import message_service

router = APIRouter(prefix="/contacts", tags=["contacts"], responses=problem_responses(401))


def _read(view: ContactView) -> schemas.Contact:
    contact = view.contact
    return schemas.Contact(
        id=contact.id,
        identifier=contact.identifier,
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        custom_attributes=contact.custom_attributes,
        activity_status=view.activity_status,
        last_activity_at=contact.last_activity_at,
        last_seen_at=contact.last_seen_at,
        merged_into_id=contact.merged_into_id,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
    )


@router.get("", responses=problem_responses(422))
async def list_contacts(
    subject: CurrentSubject,
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Words matched as prefixes of name and e-mail."),
    ] = None,
    email: Annotated[
        str | None, Query(max_length=320, description="Exact e-mail, any letter case.")
    ] = None,
    identifier: Annotated[
        str | None, Query(max_length=200, description="Exact identifier.")
    ] = None,
) -> Page[schemas.Contact]:
    """The account's contacts (never merged ones), newest first."""
    views, cursor = await contact_service.page(
        session, subject, page, q=q, email=email, identifier=identifier
    )
    return Page(items=[_read(v) for v in views], next_cursor=cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.Contact,
    responses=problem_responses(409, 422),
)
async def create_contact(
    data: schemas.ContactCreate, subject: CurrentSubject, idempotent: StaffIdempotency
) -> object:
    """Add a customer. Accepts ``Idempotency-Key``."""
    return await idempotent.respond(
        lambda: _created(contact_service.create(idempotent.session, subject, data))
    )


async def _created(creating: Awaitable[ContactView]) -> schemas.Contact:
    return _read(await creating)


@router.get("/{contact_id}", responses=problem_responses(404))
async def get_contact(
    contact_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.Contact:
    """A contact, also a merged one (see ``merged_into_id``)."""
    return _read(await contact_service.get(session, subject, contact_id))


@router.patch("/{contact_id}", responses=problem_responses(404, 409, 422))
async def update_contact(
    contact_id: uuid.UUID, data: schemas.ContactUpdate, subject: CurrentSubject, session: SessionDep
) -> schemas.Contact:
    """Change the fields sent; ``custom_attributes`` merge key by key (null removes a key)."""
    return _read(await contact_service.update(session, subject, contact_id, data))


@router.post("/{contact_id}/merge", responses=problem_responses(404, 422))
async def merge_contact(
    contact_id: uuid.UUID, data: schemas.ContactMerge, subject: CurrentSubject, session: SessionDep
) -> schemas.Contact:
    """Merge the contact named in the body into this one: its conversations, messages,
    activities and events move here; this contact's own values win. Returns this contact."""
    return _read(await contact_service.merge(session, subject, contact_id, data.contact_id))


@router.get("/{contact_id}/activities", responses=problem_responses(404, 422))
async def list_contact_activities(
    contact_id: uuid.UUID, subject: CurrentSubject, session: SessionDep, page: PageDep
) -> Page[schemas.ContactActivity]:
    """Activities pushed for the contact, latest ``occurred_at`` first."""
    activities, cursor = await contact_service.activities(session, subject, contact_id, page)
    return Page(
        items=[schemas.ContactActivity.model_validate(a) for a in activities], next_cursor=cursor
    )


@router.post(
    "/{contact_id}/activities",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.ContactActivity,
    responses=problem_responses(404, 422),
)
async def create_contact_activity(
    contact_id: uuid.UUID,
    data: schemas.ContactActivityCreate,
    subject: CurrentSubject,
    idempotent: StaffIdempotency,
) -> object:
    """Record something the customer did elsewhere (order, visit…), as integrations do.
    Accepts ``Idempotency-Key``."""

    async def add() -> schemas.ContactActivity:
        activity = await contact_service.add_activity(idempotent.session, subject, contact_id, data)
        return schemas.ContactActivity.model_validate(activity)

    return await idempotent.respond(add)


@router.get("/{contact_id}/notes", responses=problem_responses(404, 422))
async def list_contact_notes(
    contact_id: uuid.UUID, subject: CurrentSubject, session: SessionDep, page: PageDep
) -> Page[Message]:
    """Internal notes about the contact from all their conversations the caller may see,
    newest first: what colleagues learned before."""
    await contact_service.get(session, subject, contact_id)
    items, cursor = await message_service.notes_about(session, subject, contact_id, page)
    return Page(items=items, next_cursor=cursor)


@router.get("/{contact_id}/conversations", responses=problem_responses(404, 422))
async def list_contact_conversations(
    contact_id: uuid.UUID, subject: CurrentSubject, session: SessionDep, page: PageDep
) -> Page[schemas.ContactConversation]:
    """The contact's conversations the caller may see, latest activity first."""
    conversations, cursor = await contact_service.conversations(session, subject, contact_id, page)
    return Page(
        items=[schemas.ContactConversation.model_validate(c) for c in conversations],
        next_cursor=cursor,
    )
