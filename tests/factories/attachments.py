"""Upload bodies, sample files and messages to put attachments on."""

import uuid
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Conversation, Message, MessageKind, SenderType

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 20
DOCX = b"PK\x03\x04" + b"\x14\x00\x06\x00" + bytes(200)
TEXT = "Bonjour, voilà le détail de la commande.\n".encode() * 10
ELF = b"\x7fELF\x02\x01\x01" + bytes(100)

BOUNDARY = "helpdesk-test-boundary"


def multipart(
    filename: str | None,
    content_type: str | None,
    data: bytes,
    *,
    field: str = "file",
    before: bytes = b"",
    closed: bool = True,
) -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body with one part, its filename written as raw UTF-8 bytes
    (httpx would escape control characters we want to send)."""
    disposition = f'form-data; name="{field}"'.encode()
    if filename is not None:
        disposition += b'; filename="' + filename.encode() + b'"'
    head = b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: " + disposition + b"\r\n"
    if content_type is not None:
        head += b"Content-Type: " + content_type.encode() + b"\r\n"
    body = before + head + b"\r\n" + data
    if closed:
        body += b"\r\n--" + BOUNDARY.encode() + b"--\r\n"
    return body, {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def other_field(name: str, value: bytes) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value
        + b"\r\n"
    )


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    filename: str | None = "picture.png",
    content_type: str | None = "image/png",
    data: bytes = PNG,
    **options: Any,
) -> httpx.Response:
    body, content_headers = multipart(filename, content_type, data, **options)
    return await client.post("/attachments", headers=headers | content_headers, content=body)


async def uploaded(client: httpx.AsyncClient, headers: dict[str, str], **kwargs: Any) -> str:
    """Upload and return the new attachment's id."""
    response = await upload(client, headers, **kwargs)
    assert response.status_code == 201, response.text
    attachment_id: str = response.json()["id"]
    return attachment_id


async def make_message(
    sessionmaker: async_sessionmaker[AsyncSession],
    conversation: Conversation,
    *,
    kind: MessageKind = MessageKind.reply,
    sender_user_id: uuid.UUID | None = None,
    sender_contact_id: uuid.UUID | None = None,
) -> Message:
    """A message at the end of ``conversation`` (its seq taken from the conversation)."""
    async with sessionmaker() as session:
        seq = await session.scalar(
            update(Conversation)
            .where(Conversation.id == conversation.id)
            .values(last_message_seq=Conversation.last_message_seq + 1)
            .returning(Conversation.last_message_seq)
        )
        assert seq is not None
        message = Message(
            account_id=conversation.account_id,
            conversation_id=conversation.id,
            seq=seq,
            kind=kind.value,
            sender_type=(SenderType.contact if sender_contact_id else SenderType.user).value,
            sender_user_id=sender_user_id,
            sender_contact_id=sender_contact_id,
            text="see attached",
            extra={},
        )
        session.add(message)
        await session.commit()
    return message
