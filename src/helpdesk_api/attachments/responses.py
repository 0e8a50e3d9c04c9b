"""The HTTP response that serves an attachment's content."""

from typing import Any

from fastapi.responses import StreamingResponse

from helpdesk_api.attachments.files import content_disposition
from helpdesk_api.attachments.service import Download

#: The ``responses=`` entry documenting a download's body.
DOWNLOAD_OPENAPI: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file's content, with its own Content-Type.",
        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def file_response(download: Download) -> StreamingResponse:
    """Streams the content. ``nosniff`` makes browsers keep the stored type, and only
    images and PDF are shown inline, so an upload never runs as a page of this origin."""
    attachment = download.attachment
    headers = {
        # Set here, not as media_type: Starlette would append a charset to text types.
        "Content-Type": attachment.content_type,
        "Content-Length": str(attachment.size_bytes),
        "Content-Disposition": content_disposition(attachment.content_type, attachment.filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-cache",
    }
    return StreamingResponse(download.chunks, headers=headers)
