import uuid

from fastapi import APIRouter, status

from helpdesk_api.auth.dependencies import CurrentSubject, StaffIdempotency
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SeqOrder, SessionDep
from helpdesk_api.kit.pagination import Page
from helpdesk_api.messages import schemas
from helpdesk_api.messages.service import message_service

router = APIRouter(
    prefix="/conversations", tags=["messages"], responses=problem_responses(401, 404)
)


@router.get("/{conversation_id:uuid}/messages")
async def list_messages(
    conversation_id: uuid.UUID,
    subject: CurrentSubject,
    session: SessionDep,
    page: PageDep,
    order: SeqOrder = "asc",
) -> Page[schemas.Message]:
    """Replies, notes and system messages of a conversation the caller may see."""
    items, cursor = await message_service.page_for_staff(
        session, subject, conversation_id, page, newest_first=order == "desc"
    )
    return Page(items=items, next_cursor=cursor)


@router.post(
    "/{conversation_id:uuid}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.Message,
    responses=problem_responses(403, 422),
)
async def create_message(
    conversation_id: uuid.UUID,
    data: schemas.MessageCreate,
    subject: CurrentSubject,
    idempotent: StaffIdempotency,
) -> object:
    """Reply to the customer, write an internal note, or (owners and admins) whisper to
    the handling agent. Accepts ``Idempotency-Key``."""
    return await idempotent.respond(
        lambda: message_service.post_as_staff(idempotent.session, subject, conversation_id, data)
    )
