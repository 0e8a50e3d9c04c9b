"""A ceiling on request bodies other than file uploads, before anything parses them."""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from helpdesk_api.errors import PayloadTooLarge, problem_response

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Message, Receive, Send], Awaitable[None]]


class BodyLimit:
    """Refuse a body over ``max_bytes`` with 413 — by its Content-Length at once, or while it
    streams. Multipart uploads are left to the attachments' own, larger limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _is_multipart(scope):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                # An HTTPException: FastAPI passes those through its body parsing (any other
                # error there becomes a 400); errors.py renders it as payload-too-large.
                raise HTTPException(413, f"Request bodies are limited to {self.max_bytes} bytes.")
            return message

        await self.app(scope, counting, send)

    async def _refuse(self, scope: Message, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            PayloadTooLarge.slug,
            PayloadTooLarge.title,
            f"Request bodies are limited to {self.max_bytes} bytes.",
        )
        await response(scope, receive, send)


def _headers(scope: Message) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers", [])}


def _is_multipart(scope: Message) -> bool:
    return _headers(scope).get(b"content-type", b"").startswith(b"multipart/")


def _content_length(scope: Message) -> int | None:
    value = _headers(scope).get(b"content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
