"""Request dependencies of attachment endpoints: the streamed file field and the storage."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from starlette.requests import ClientDisconnect

from helpdesk_api.attachments.exceptions import MalformedUpload
from helpdesk_api.attachments.files import IncomingFile
from helpdesk_api.attachments.formdata import read_file_field
from helpdesk_api.attachments.storage import Storage, create_storage
from helpdesk_api.kit.dependencies import SettingsDep
from helpdesk_api.kit.nul import ERROR_TYPE, MESSAGE, NUL

#: The request body the upload endpoints document (they read it themselves, streaming).
UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "contentMediaType": "application/octet-stream",
                            "description": "The file, with its name and its Content-Type.",
                        }
                    },
                }
            }
        },
    }
}


async def _body(request: Request) -> AsyncIterator[bytes]:
    try:
        async for chunk in request.stream():
            yield chunk
    except ClientDisconnect as exc:
        # A domain error, not a crash: the partial file is discarded and nothing is logged
        # as unhandled.
        raise MalformedUpload("The client went away before the upload was complete.") from exc


async def incoming_file(request: Request) -> IncomingFile:
    """The ``file`` field of a multipart/form-data body, its content not yet read."""
    found = await read_file_field(request.headers.get("content-type"), _body(request))
    if found is None:
        raise RequestValidationError(
            [
                {
                    "loc": ("body", "file"),
                    "msg": "Send the file as the multipart/form-data field 'file'.",
                    "type": "missing",
                }
            ]
        )
    if NUL in found.filename or NUL in (found.content_type or ""):
        raise RequestValidationError(
            [{"loc": ("body", "file"), "msg": MESSAGE, "type": ERROR_TYPE}]
        )
    return found


async def get_storage(settings: SettingsDep) -> Storage:
    return create_storage(settings)


IncomingFileDep = Annotated[IncomingFile, Depends(incoming_file)]
StorageDep = Annotated[Storage, Depends(get_storage)]
