"""The customer side of the web chat: sessions, the visitor's conversations, messages,
rating and files.

Invariants:
- a visitor only ever reaches conversations of their own contact in the inbox their token
  names; anything else is NotFound, exactly like an id that does not exist;
- a customer sees replies and system messages only: notes, whispers and staff details
  never leave through these projections (``project_*``), whatever the services underneath
  return;
- an identifier is trusted only with its HMAC, checked before anything is written.
"""

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import timedelta

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.attachments import service as attachments
from helpdesk_api.attachments.files import IncomingFile
from helpdesk_api.attachments.service import Download
from helpdesk_api.attachments.storage import Storage
from helpdesk_api.auth import ratelimit
from helpdesk_api.contacts import service as contacts
from helpdesk_api.conversations import reading
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.conversations.rating import rate
from helpdesk_api.conversations.schemas import ContactReadState
from helpdesk_api.conversations.service import conversation_service
from helpdesk_api.errors import NotFound, RateLimited
from helpdesk_api.inboxes.away import reply_if_away
from helpdesk_api.inboxes.service import get_by_widget_key
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.messages.service import Sender, message_service
from helpdesk_api.models import (
    Contact,
    Conversation,
    ConversationStatus,
    Inbox,
    MessageKind,
    SenderType,
)
from helpdesk_api.settings import Settings
from helpdesk_api.widget import schemas
from helpdesk_api.widget.exceptions import (
    ContactTokenInvalid,
    IdentityVerificationFailed,
    NotClosed,
)
from helpdesk_api.widget.projection import (
    project_attachment,
    project_conversation,
    project_conversations,
    project_messages,
)
from helpdesk_api.widget.repository import WidgetRepository
from helpdesk_api.widget.tokens import ContactClaims, create_contact_token, decode_contact_token

UNVERIFIED_EMAIL = "unverified_email"
RATEABLE = (ConversationStatus.closed.value, ConversationStatus.archived.value)
SESSION_WINDOW_SECONDS = 3600
CONVERSATION_NOT_FOUND = "Conversation not found."


@dataclass(frozen=True)
class Visitor:
    """Who calls the widget API: a contact (never merged) in an active inbox."""

    contact: Contact
    inbox: Inbox

    @property
    def account_id(self) -> uuid.UUID:
        return self.inbox.account_id

    @property
    def sender(self) -> Sender:
        return Sender(SenderType.contact, contact_id=self.contact.id)


async def _hold_contact(session: AsyncSession, visitor: Visitor) -> Contact:
    """Share-lock the visitor's contact before anything else is locked.

    A merge locks contacts, then their conversations; taking the contact first here keeps
    that order (no deadlock), and a merge that committed meanwhile redirects us to the
    surviving contact instead of leaving a new conversation on the merged one.
    """
    return await contacts.resolve(session, visitor.account_id, visitor.contact.id, lock=True)


def identity_hash(secret: str, identifier: str) -> str:
    """What the integrator's server computes: hex HMAC-SHA256 of the identifier."""
    return hmac.new(secret.encode(), identifier.encode(), hashlib.sha256).hexdigest()


def verify_identity(inbox: Inbox, identifier: str, given: str | None) -> None:
    expected = identity_hash(inbox.hmac_secret, identifier)
    # Bytes, not str: compare_digest refuses non-ASCII strings, and any hash may arrive.
    if given is None or not hmac.compare_digest(expected.encode(), given.lower().encode()):
        raise IdentityVerificationFailed(
            "identifier_hash must be the hex HMAC-SHA256 of identifier keyed with the "
            "inbox's HMAC secret."
        )


class WidgetService:
    async def start_session(
        self,
        session: AsyncSession,
        redis: Redis,
        settings: Settings,
        widget_key: str,
        data: schemas.SessionCreate,
        client_ip: str,
    ) -> schemas.WidgetSession:
        """A contact token for the inbox with this widget key.

        Identified (``identifier`` with its verified hash): that customer's contact, made if
        new. Otherwise the contact of a still valid ``contact_token`` of this inbox, or a new
        anonymous one. Rate limited per client IP before anything is looked up.
        """
        await self._count_session(redis, settings, client_ip)
        inbox = await get_by_widget_key(session, widget_key)
        if data.identifier is not None:
            verify_identity(inbox, data.identifier, data.identifier_hash)
            contact = await contacts.identify(
                session, inbox.account_id, data.identifier, name=data.name, email=data.email
            )
        else:
            resumed = await self._resumed(session, settings, inbox, data.contact_token)
            contact = resumed or await contacts.create_anonymous(session, inbox.account_id)
        await contacts.touch_activity(session, contact, utcnow())
        if data.name is not None:
            contact.name = data.name
        if data.email is not None and data.identifier is None:
            # Anyone can type any address: an unverified one is kept for the agents to read,
            # never as the contact's e-mail, which staff address mail to and match on.
            contact.custom_attributes = {
                **contact.custom_attributes,
                UNVERIFIED_EMAIL: data.email,
            }
        await session.flush()
        token, expires_at = create_contact_token(
            settings.signing_key(),
            ContactClaims(contact.id, inbox.account_id, inbox.id),
            timedelta(days=settings.widget_session_ttl_days),
        )
        return schemas.WidgetSession(
            contact_token=token,
            expires_at=expires_at,
            contact=schemas.WidgetContact.model_validate(contact),
            inbox=schemas.WidgetInbox.model_validate(inbox),
        )

    async def authenticate(self, session: AsyncSession, settings: Settings, token: str) -> Visitor:
        claims = decode_contact_token(settings.signing_key(), token)
        found = claims and await WidgetRepository(session).visitor(claims)
        if not found:
            raise ContactTokenInvalid(
                "The contact token is invalid or expired; start a new widget session."
            )
        contact, inbox = found
        if contact.merged_into_id is not None:
            # Following the merge would hand this browser every conversation of the other
            # contact; a new session (identified, if it can be) is the safe way back.
            raise ContactTokenInvalid(
                "This visitor's contact was merged into another; start a new widget session."
            )
        return Visitor(contact, inbox)

    async def conversations(
        self, session: AsyncSession, visitor: Visitor, params: PageParams
    ) -> tuple[list[schemas.WidgetConversation], str | None]:
        rows, cursor = await WidgetRepository(session).conversations(
            visitor.contact, visitor.inbox, params
        )
        return await project_conversations(session, rows), cursor

    async def start_conversation(
        self, session: AsyncSession, visitor: Visitor, data: schemas.WidgetConversationCreate
    ) -> schemas.WidgetConversationStarted:
        """A new conversation with the customer's first message, the inbox's away message
        when it is closed, then its auto-reply."""
        contact = await _hold_contact(session, visitor)
        conversation = await conversation_service.open(
            session,
            visitor.account_id,
            visitor.inbox,
            contact,
            Actor.contact(contact.id),
        )
        posted = [
            await message_service.post(
                session,
                conversation,
                visitor.sender,
                MessageKind.reply,
                data.message,
                data.attachment_ids,
            )
        ]
        away = await reply_if_away(session, conversation, utcnow())
        if away is not None:
            posted.append(away)
        if visitor.inbox.auto_reply.strip():
            posted.append(
                await message_service.post(
                    session,
                    conversation,
                    Sender(SenderType.system),
                    MessageKind.reply,
                    visitor.inbox.auto_reply,
                )
            )
        return schemas.WidgetConversationStarted(
            conversation=(await project_conversations(session, [conversation]))[0],
            messages=await project_messages(session, visitor.account_id, posted),
        )

    async def messages(
        self,
        session: AsyncSession,
        visitor: Visitor,
        conversation_id: uuid.UUID,
        params: PageParams,
        *,
        newest_first: bool,
    ) -> tuple[list[schemas.WidgetMessage], str | None]:
        conversation = await self._conversation(session, visitor, conversation_id)
        messages, cursor = await message_service.page(
            session, conversation, params, customer_view=True, newest_first=newest_first
        )
        return await project_messages(session, visitor.account_id, messages), cursor

    async def reply(
        self,
        session: AsyncSession,
        visitor: Visitor,
        conversation_id: uuid.UUID,
        data: schemas.WidgetMessageCreate,
    ) -> schemas.WidgetMessage:
        """The customer writes; a snoozed, closed or archived conversation opens again. Outside
        working hours the inbox's away message follows (once per closed stretch)."""
        await _hold_contact(session, visitor)
        conversation = await self._conversation(session, visitor, conversation_id, for_update=True)
        message = await message_service.post(
            session, conversation, visitor.sender, MessageKind.reply, data.text, data.attachment_ids
        )
        await reply_if_away(session, conversation, utcnow())
        [projected] = await project_messages(session, visitor.account_id, [message])
        return projected

    async def rate(
        self,
        session: AsyncSession,
        visitor: Visitor,
        conversation_id: uuid.UUID,
        data: schemas.RatingCreate,
    ) -> schemas.WidgetConversation:
        """Rate a closed or archived conversation; rating again replaces the rating."""
        conversation = await self._conversation(session, visitor, conversation_id, for_update=True)
        if conversation.status not in RATEABLE:
            raise NotClosed("A conversation can be rated once it is closed.")
        await rate(session, conversation, data.rating, data.comment)
        return project_conversation(conversation)

    async def mark_read(
        self, session: AsyncSession, visitor: Visitor, conversation_id: uuid.UUID, seq: int
    ) -> ContactReadState:
        conversation = await self._conversation(session, visitor, conversation_id)
        return await reading.contact_read(session, conversation, seq)

    async def upload(
        self,
        session: AsyncSession,
        storage: Storage,
        settings: Settings,
        visitor: Visitor,
        incoming: IncomingFile,
    ) -> schemas.WidgetAttachment:
        """A file the visitor sends next, with a new conversation or a reply."""
        attachment = await attachments.upload(
            session,
            storage,
            visitor.account_id,
            incoming,
            settings=settings,
            contact_id=visitor.contact.id,
        )
        return project_attachment(attachment)

    async def download(
        self, session: AsyncSession, storage: Storage, visitor: Visitor, attachment_id: uuid.UUID
    ) -> Download:
        """The visitor's own uploads and files on replies of their conversations in the
        session's inbox."""
        return await attachments.download_for_contact(
            session, storage, visitor.contact, visitor.inbox, attachment_id
        )

    async def _conversation(
        self,
        session: AsyncSession,
        visitor: Visitor,
        conversation_id: uuid.UUID,
        *,
        for_update: bool = False,
    ) -> Conversation:
        conversation = await WidgetRepository(session).conversation(
            visitor.contact, visitor.inbox, conversation_id, for_update=for_update
        )
        if conversation is None:
            raise NotFound(CONVERSATION_NOT_FOUND)
        return conversation

    async def _resumed(
        self, session: AsyncSession, settings: Settings, inbox: Inbox, token: str | None
    ) -> Contact | None:
        """The contact of a valid token of this inbox, unless it was merged since."""
        claims = decode_contact_token(settings.signing_key(), token) if token else None
        if claims is None or (claims.account_id, claims.inbox_id) != (inbox.account_id, inbox.id):
            return None
        contact = await WidgetRepository(session).contact(claims.account_id, claims.contact_id)
        return contact if contact is not None and contact.merged_into_id is None else None

    async def _count_session(self, redis: Redis, settings: Settings, client_ip: str) -> None:
        try:
            await ratelimit.count_attempt(
                redis,
                f"{settings.redis_prefix}widget:sessions:ip:{client_ip}",
                settings.widget_sessions_per_ip_per_hour,
                SESSION_WINDOW_SECONDS,
            )
        except RateLimited as exc:
            raise RateLimited(
                exc.retry_after, "Too many widget sessions from this address; try again later."
            ) from exc


widget_service = WidgetService()
