"""The customer side of the web chat (no staff token): sessions, then the contact token."""

import uuid

from fastapi import APIRouter, Request, status
from fastapi.responses import StreamingResponse

from helpdesk_api.attachments.dependencies import UPLOAD_OPENAPI, IncomingFileDep, StorageDep
from helpdesk_api.attachments.responses import DOWNLOAD_OPENAPI, file_response
from helpdesk_api.conversations.schemas import ContactReadState
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, RedisDep, SeqOrder, SessionDep, SettingsDep
from helpdesk_api.kit.pagination import Page
from helpdesk_api.widget import schemas
from helpdesk_api.widget.appearance import widget_settings
from helpdesk_api.widget.dependencies import ContactIdempotency, CurrentVisitor
from helpdesk_api.widget.service import widget_service

router = APIRouter(prefix="/widget", tags=["widget"])


@router.get("/{inbox_key}/settings", responses=problem_responses(404))
async def read_settings(inbox_key: str, session: SessionDep) -> schemas.WidgetSettings:
    """The inbox's widget appearance, greeting, away message and whether it is open now.
    Public (the inbox key is not a secret); 404 for an unknown or deactivated inbox."""
    return await widget_settings(session, inbox_key)


@router.post(
    "/{inbox_key}/sessions",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 404, 422, 429),
)
async def create_session(
    inbox_key: str,
    data: schemas.SessionCreate,
    request: Request,
    session: SessionDep,
    redis: RedisDep,
    settings: SettingsDep,
) -> schemas.WidgetSession:
    """Start (or resume) a visitor's session in the inbox with this public widget key.

    An identified customer sends `identifier` and `identifier_hash`; a wrong or missing
    hash is refused with 401. Rate limited per client IP."""
    client_ip = request.client.host if request.client else "unknown"
    return await widget_service.start_session(session, redis, settings, inbox_key, data, client_ip)


@router.get("/conversations", responses=problem_responses(401, 422))
async def list_conversations(
    visitor: CurrentVisitor, session: SessionDep, page: PageDep
) -> Page[schemas.WidgetConversation]:
    """The visitor's conversations in this inbox, latest activity first."""
    items, cursor = await widget_service.conversations(session, visitor, page)
    return Page(items=items, next_cursor=cursor)


@router.post(
    "/conversations",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.WidgetConversationStarted,
    responses=problem_responses(401, 422),
)
async def start_conversation(
    data: schemas.WidgetConversationCreate, visitor: CurrentVisitor, idempotent: ContactIdempotency
) -> object:
    """Open a conversation with a first message. Accepts ``Idempotency-Key``."""
    return await idempotent.respond(
        lambda: widget_service.start_conversation(idempotent.session, visitor, data)
    )


@router.get("/conversations/{conversation_id}/messages", responses=problem_responses(401, 404, 422))
async def list_messages(
    conversation_id: uuid.UUID,
    visitor: CurrentVisitor,
    session: SessionDep,
    page: PageDep,
    order: SeqOrder = "asc",
) -> Page[schemas.WidgetMessage]:
    """The replies of one of the visitor's conversations."""
    items, cursor = await widget_service.messages(
        session, visitor, conversation_id, page, newest_first=order == "desc"
    )
    return Page(items=items, next_cursor=cursor)


@router.post(
    "/conversations/{conversation_id}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.WidgetMessage,
    responses=problem_responses(401, 404, 422),
)
async def create_message(
    conversation_id: uuid.UUID,
    data: schemas.WidgetMessageCreate,
    visitor: CurrentVisitor,
    idempotent: ContactIdempotency,
) -> object:
    """Write into a conversation; a closed one opens again. Accepts ``Idempotency-Key``."""
    return await idempotent.respond(
        lambda: widget_service.reply(idempotent.session, visitor, conversation_id, data)
    )


@router.post("/conversations/{conversation_id}/rating", responses=problem_responses(401, 404, 422))
async def rate_conversation(
    conversation_id: uuid.UUID,
    data: schemas.RatingCreate,
    visitor: CurrentVisitor,
    session: SessionDep,
) -> schemas.WidgetConversation:
    """Rate a closed conversation 1 to 5, with an optional comment; rating again replaces it."""
    return await widget_service.rate(session, visitor, conversation_id, data)


@router.post("/conversations/{conversation_id}/read", responses=problem_responses(401, 404, 422))
async def mark_read(
    conversation_id: uuid.UUID,
    data: schemas.ReadCreate,
    visitor: CurrentVisitor,
    session: SessionDep,
) -> ContactReadState:
    """The customer has seen the conversation up to ``seq``: the team sees it as "seen".
    The marker never moves back, so repeating or reordering calls is safe."""
    return await widget_service.mark_read(session, visitor, conversation_id, data.seq)


@router.post(
    "/attachments",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 413, 415, 422),
    openapi_extra=UPLOAD_OPENAPI,
)
async def upload_attachment(
    visitor: CurrentVisitor,
    session: SessionDep,
    settings: SettingsDep,
    storage: StorageDep,
    upload: IncomingFileDep,
) -> schemas.WidgetAttachment:
    """Upload a file (multipart field `file`) to send with the visitor's next message."""
    return await widget_service.upload(session, storage, settings, visitor, upload)


@router.get(
    "/attachments/{attachment_id}",
    response_class=StreamingResponse,
    responses=DOWNLOAD_OPENAPI | problem_responses(401, 404),
)
async def download_attachment(
    attachment_id: uuid.UUID, visitor: CurrentVisitor, session: SessionDep, storage: StorageDep
) -> StreamingResponse:
    """A file the visitor uploaded, or one on a reply of their conversations."""
    return file_response(await widget_service.download(session, storage, visitor, attachment_id))
