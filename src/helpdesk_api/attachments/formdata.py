"""Streaming reader for the one file field of a ``multipart/form-data`` upload.

Starlette's form parser writes every file to a temporary file before the endpoint runs, so
a size limit checked there comes after the whole body was received. This reader hands the
file's bytes on as they arrive instead: whoever consumes them stops the upload the moment a
limit is crossed, and nothing but one chunk is ever held in memory.
"""

from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from helpdesk_api.attachments.exceptions import MalformedUpload
from helpdesk_api.attachments.files import IncomingFile

if TYPE_CHECKING:  # a typing-only name there
    from python_multipart.multipart import MultipartCallbacks

#: Bytes of other form fields tolerated before the file part; they are read and dropped.
MAX_SKIPPED_BYTES = 64 * 1024


@dataclass
class _PartStart:
    name: str
    filename: str | None
    content_type: str | None


@dataclass
class _PartData:
    data: bytes


class _PartEnd:
    pass


_Event = _PartStart | _PartData | _PartEnd


def _decode(value: bytes) -> str:
    # Browsers send the raw UTF-8 bytes of the name; anything else still decodes somehow.
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


async def _events(body: AsyncIterable[bytes], boundary: bytes) -> AsyncGenerator[_Event, None]:
    """The parts of the body as events, produced while the body streams in."""
    pending: list[_Event] = []
    headers: dict[bytes, bytes] = {}
    field, value = bytearray(), bytearray()

    def on_header_end() -> None:
        headers[bytes(field).lower()] = bytes(value)
        field.clear()
        value.clear()

    def on_headers_finished() -> None:
        _, options = parse_options_header(headers.get(b"content-disposition", b""))
        filename = options.get(b"filename")
        content_type = headers.get(b"content-type")
        pending.append(
            _PartStart(
                name=_decode(options.get(b"name", b"")),
                filename=_decode(filename) if filename is not None else None,
                content_type=content_type.decode("latin-1") if content_type else None,
            )
        )
        headers.clear()

    callbacks: MultipartCallbacks = {
        "on_header_field": lambda data, start, end: field.extend(data[start:end]),
        "on_header_value": lambda data, start, end: value.extend(data[start:end]),
        "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
        "on_part_data": lambda data, start, end: pending.append(_PartData(data[start:end])),
        "on_part_end": lambda: pending.append(_PartEnd()),
    }
    try:
        parser = MultipartParser(boundary, callbacks)
    except FormParserError as exc:
        raise MalformedUpload("The multipart boundary is not valid.") from exc
    async for chunk in body:
        try:
            parser.write(chunk)
        except FormParserError as exc:
            raise MalformedUpload("The multipart body is not well formed.") from exc
        for event in pending:
            yield event
        pending.clear()


async def _file_chunks(events: AsyncGenerator[_Event, None]) -> AsyncIterator[bytes]:
    try:
        async for event in events:
            if isinstance(event, _PartData):
                yield event.data
            elif isinstance(event, _PartEnd):
                return
        raise MalformedUpload("The upload ended before the file was complete.")
    finally:
        await events.aclose()


async def read_file_field(
    content_type: str | None, body: AsyncIterable[bytes], field: str = "file"
) -> IncomingFile | None:
    """Read ``body`` up to the start of the file part named ``field``.

    Returns the file with its bytes still to come, or None when the body is not
    multipart/form-data or has no such file part.
    """
    media_type, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if media_type != b"multipart/form-data" or not boundary:
        return None
    events = _events(body, boundary)
    skipped = 0
    async for event in events:
        # An empty filename is what browsers send when no file was chosen.
        if isinstance(event, _PartStart) and event.name == field and event.filename:
            return IncomingFile(event.filename, event.content_type, _file_chunks(events))
        if isinstance(event, _PartData):
            skipped += len(event.data)
            if skipped > MAX_SKIPPED_BYTES:
                raise MalformedUpload(f"Only the field {field!r} is read; the others are too big.")
    return None
