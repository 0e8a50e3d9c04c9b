import uuid

from fastapi import APIRouter, status
from fastapi.responses import StreamingResponse

from helpdesk_api.attachments import schemas
from helpdesk_api.attachments.dependencies import UPLOAD_OPENAPI, IncomingFileDep, StorageDep
from helpdesk_api.attachments.responses import DOWNLOAD_OPENAPI, file_response
from helpdesk_api.attachments.service import attachment_service
from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import SessionDep, SettingsDep

router = APIRouter(prefix="/attachments", tags=["attachments"], responses=problem_responses(401))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 413, 415, 422),
    openapi_extra=UPLOAD_OPENAPI,
)
async def upload_attachment(
    subject: CurrentSubject,
    session: SessionDep,
    settings: SettingsDep,
    storage: StorageDep,
    upload: IncomingFileDep,
) -> schemas.Attachment:
    """Upload a file (multipart field `file`) to send with a message: pass its `id` in the
    message's attachments. Unsent uploads are visible only to their uploader and are
    deleted after 24 hours."""
    attachment = await attachment_service.upload(
        session, storage, subject.account_id, upload, settings=settings, user_id=subject.user_id
    )
    return schemas.Attachment.model_validate(attachment)


@router.get(
    "/{attachment_id}",
    response_class=StreamingResponse,
    responses=DOWNLOAD_OPENAPI | problem_responses(404),
)
async def download_attachment(
    attachment_id: uuid.UUID, subject: CurrentSubject, session: SessionDep, storage: StorageDep
) -> StreamingResponse:
    """The file, to those who may see the conversation of its message (or, before it is
    sent, to its uploader). `Content-Disposition` is `inline` for images and PDF."""
    return file_response(
        await attachment_service.download(session, storage, subject, attachment_id)
    )
