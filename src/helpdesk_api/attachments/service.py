"""Attachments: uploads checked while they stream, sent with one message, read by those who
may see it."""

import logging
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.attachments.exceptions import AttachmentsNotClaimable, UnsupportedMediaType
from helpdesk_api.attachments.files import (
    HEAD_BYTES,
    IncomingFile,
    check_content,
    declared_type,
    name_for_type,
    sanitize_filename,
    type_allowed,
)
from helpdesk_api.attachments.repository import AttachmentRepository
from helpdesk_api.attachments.storage import Storage, StoredFileMissing
from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import FieldError, NotFound, PayloadTooLarge
from helpdesk_api.models import Attachment, Contact, Inbox
from helpdesk_api.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Download:
    attachment: Attachment
    chunks: AsyncIterator[bytes]


def storage_key(account_id: uuid.UUID, attachment_id: uuid.UUID) -> str:
    return f"{account_id}/{attachment_id}"


class _Meter:
    """Passes chunks on, counting them, and stops the upload once it exceeds ``limit``."""

    def __init__(self, chunks: AsyncIterator[bytes], limit: int) -> None:
        self.chunks, self.limit, self.size = chunks, limit, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.chunks:
            self.size += len(chunk)
            if self.size > self.limit:
                raise PayloadTooLarge(f"Files may be at most {self.limit} bytes.")
            yield chunk


async def _split_head(chunks: AsyncIterator[bytes], size: int) -> bytes:
    head = b""
    while len(head) < size:
        chunk = await anext(chunks, None)
        if chunk is None:
            break
        head += chunk
    return head


async def _prepend(head: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    if head:
        yield head
    async for chunk in rest:
        yield chunk


class AttachmentService:
    async def upload(
        self,
        session: AsyncSession,
        storage: Storage,
        account_id: uuid.UUID,
        incoming: IncomingFile,
        *,
        settings: Settings,
        user_id: uuid.UUID | None = None,
        contact_id: uuid.UUID | None = None,
    ) -> Attachment:
        """Store an upload, not yet on any message, of a user, a contact or (neither) an API
        token.

        The type must be allowed and match the content's signature, the size stay within
        ``attachment_max_bytes`` — checked as bytes arrive, so a refused upload is never
        stored. On any error neither the row nor the content remains.
        """
        filename = sanitize_filename(incoming.filename)
        content_type = declared_type(incoming.content_type, filename)
        if not type_allowed(content_type, settings.attachment_allowed_types):
            raise UnsupportedMediaType(f"Files of type {content_type} are not accepted.")
        meter = _Meter(incoming.chunks, settings.attachment_max_bytes)
        chunks = aiter(meter)
        head = await _split_head(chunks, HEAD_BYTES)
        check_content(content_type, head[:HEAD_BYTES])
        filename = name_for_type(filename, content_type)
        attachment_id = uuid.uuid4()
        key = storage_key(account_id, attachment_id)
        await storage.save(key, _prepend(head, chunks))
        try:
            return await AttachmentRepository(session).insert(
                id=attachment_id,
                account_id=account_id,
                uploaded_by_user_id=user_id,
                uploaded_by_contact_id=contact_id,
                filename=filename,
                content_type=content_type,
                size_bytes=meter.size,
                storage_key=key,
            )
        except BaseException:
            await storage.delete(key)
            raise

    async def claim(
        self,
        session: AsyncSession,
        account_id: uuid.UUID,
        attachment_ids: Sequence[uuid.UUID],
        message_id: uuid.UUID,
        *,
        user_id: uuid.UUID | None = None,
        contact_id: uuid.UUID | None = None,
    ) -> list[Attachment]:
        """Put uploads on ``message_id``: each must be unlinked and uploaded by this same
        principal (user, contact, or — both None — an API token) in this account.

        All or none: otherwise AttachmentsNotClaimable (422) names the others, and the
        caller's transaction is rolled back. Returns them in the order given.
        """
        wanted = list(dict.fromkeys(attachment_ids))
        if not wanted:
            return []
        claimed = await AttachmentRepository(session).claim(
            account_id, wanted, message_id, user_id=user_id, contact_id=contact_id
        )
        by_id = {a.id: a for a in claimed}
        refused = [i for i in wanted if i not in by_id]
        if refused:
            raise AttachmentsNotClaimable(
                "These attachments are unknown, already sent, or not uploaded by you: "
                + ", ".join(str(i) for i in refused),
                errors=[
                    FieldError(
                        loc=["body", "attachment_ids", list(attachment_ids).index(i)],
                        msg="not an unsent upload of yours",
                        type="not_claimable",
                    )
                    for i in refused
                ],
            )
        return [by_id[i] for i in wanted]

    async def for_messages(
        self, session: AsyncSession, account_id: uuid.UUID, message_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[Attachment]]:
        """The attachments of each message of the account (every id a key), oldest first."""
        found: dict[uuid.UUID, list[Attachment]] = {m: [] for m in message_ids}
        if found:
            repository = AttachmentRepository(session)
            for attachment in await repository.of_messages(account_id, list(found)):
                assert attachment.message_id is not None
                found[attachment.message_id].append(attachment)
        return found

    async def get_for_contact(
        self, session: AsyncSession, contact: Contact, inbox: Inbox, attachment_id: uuid.UUID
    ) -> Attachment:
        """An attachment the customer may read in this inbox: their own upload not yet sent,
        or one on a reply of their conversation in the inbox. Anything else is NotFound."""
        return await AttachmentRepository(session).get_for_contact(contact, inbox, attachment_id)

    async def download(
        self, session: AsyncSession, storage: Storage, subject: Subject, attachment_id: uuid.UUID
    ) -> Download:
        """Staff download: NotFound unless readable (see ``AttachmentRepository.readable``)."""
        attachment = await AttachmentRepository(session).get(subject, attachment_id)
        return await self._open(storage, attachment)

    async def download_for_contact(
        self,
        session: AsyncSession,
        storage: Storage,
        contact: Contact,
        inbox: Inbox,
        attachment_id: uuid.UUID,
    ) -> Download:
        """Customer download, with the visibility of ``get_for_contact``."""
        attachment = await self.get_for_contact(session, contact, inbox, attachment_id)
        return await self._open(storage, attachment)

    async def delete_orphans(
        self, session: AsyncSession, created_before: datetime, *, limit: int
    ) -> list[str]:
        """Delete up to ``limit`` rows of uploads never sent; the caller deletes their content
        (after committing, so a rolled-back purge never leaves rows without files)."""
        return await AttachmentRepository(session).delete_orphans(created_before, limit)

    async def _open(self, storage: Storage, attachment: Attachment) -> Download:
        try:
            chunks = await storage.open(attachment.storage_key)
        except StoredFileMissing as exc:
            log.error("content of attachment %s is missing from storage", attachment.id)
            raise NotFound("The attachment's content is no longer stored.") from exc
        return Download(attachment, chunks)


attachment_service = AttachmentService()

# What other domains call: messages (claim, for_messages) and the widget (upload,
# get_for_contact, download_for_contact).
upload = attachment_service.upload
claim = attachment_service.claim
for_messages = attachment_service.for_messages
get_for_contact = attachment_service.get_for_contact
download_for_contact = attachment_service.download_for_contact
