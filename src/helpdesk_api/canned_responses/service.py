"""Canned responses: shared ones (admins manage them) and personal ones (their owner's only).

A personal response is invisible to everyone but its owner — admins included — so it is
404 for them, never 403. Shortcuts are unique per (account, owner), ignoring case; a
shared and a personal response may share a shortcut.
"""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.canned_responses import templates
from helpdesk_api.canned_responses.exceptions import ShortcutTaken
from helpdesk_api.canned_responses.repository import CannedResponseRepository
from helpdesk_api.canned_responses.schemas import CannedResponseCreate, CannedResponseUpdate
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.kit.repository import flush_unique
from helpdesk_api.models import CannedResponse, Conversation, User
from helpdesk_api.users.repository import UserRepository

UNIQUE_SHORTCUT = "uq_canned_response_shortcut"


def _taken(shortcut: str) -> ShortcutTaken:
    return ShortcutTaken(f"The shortcut {shortcut!r} is already in use.")


class CannedResponseService:
    async def page(
        self, session: AsyncSession, subject: Subject, params: PageParams, *, q: str | None
    ) -> tuple[list[CannedResponse], str | None]:
        return await CannedResponseRepository(session).page(subject, params, prefix=q)

    async def get(
        self, session: AsyncSession, subject: Subject, response_id: uuid.UUID
    ) -> CannedResponse:
        return await CannedResponseRepository(session).get(subject, response_id)

    async def create(
        self, session: AsyncSession, subject: Subject, data: CannedResponseCreate
    ) -> CannedResponse:
        """Shared: admins (users or admin API tokens). Personal: any staff user."""
        if data.shared:
            policies.require_admin(subject)
        else:
            policies.require_user(subject)
        owner_id = None if data.shared else subject.user_id
        await self._check_shortcut(session, subject, owner_id, data.shortcut, but=None)
        response = CannedResponse(
            account_id=subject.account_id,
            owner_id=owner_id,
            shortcut=data.shortcut,
            text=data.text,
        )
        session.add(response)
        await flush_unique(session, UNIQUE_SHORTCUT, _taken(data.shortcut))
        await session.refresh(response)
        return response

    async def update(
        self,
        session: AsyncSession,
        subject: Subject,
        response_id: uuid.UUID,
        data: CannedResponseUpdate,
    ) -> CannedResponse:
        response = await self._editable(session, subject, response_id)
        if data.shortcut is not None:
            await self._check_shortcut(
                session, subject, response.owner_id, data.shortcut, but=response.id
            )
            response.shortcut = data.shortcut
        if data.text is not None:
            response.text = data.text
        await flush_unique(session, UNIQUE_SHORTCUT, _taken(response.shortcut))
        await session.refresh(response)
        return response

    async def delete(self, session: AsyncSession, subject: Subject, response_id: uuid.UUID) -> None:
        response = await self._editable(session, subject, response_id)
        await session.delete(response)
        await session.flush()

    async def render(
        self,
        session: AsyncSession,
        subject: Subject,
        response_id: uuid.UUID,
        conversation_id: uuid.UUID,
    ) -> str:
        """The response's text filled in for a conversation the caller can see.

        ``agent`` is the calling user; for an API token, the conversation's assignee.
        """
        response = await CannedResponseRepository(session).get(subject, response_id)
        conversation = await ConversationRepository(session).get(subject, conversation_id)
        values = await self._values(session, subject, conversation)
        return templates.render(response.text, values)

    async def _values(
        self, session: AsyncSession, subject: Subject, conversation: Conversation
    ) -> dict[str, str | None]:
        contact, inbox, account = await CannedResponseRepository(session).surroundings(conversation)
        agent: User | None = subject.user
        if agent is None and conversation.assignee_id is not None:
            agent = await UserRepository(session).get(subject, conversation.assignee_id)
        return {
            "contact.name": contact.name,
            "contact.email": contact.email,
            "contact.phone": contact.phone,
            "agent.name": agent.name if agent else None,
            "agent.email": agent.email if agent else None,
            "conversation.number": str(conversation.number),
            "inbox.name": inbox.name,
            "account.name": account.name,
        }

    async def _editable(
        self, session: AsyncSession, subject: Subject, response_id: uuid.UUID
    ) -> CannedResponse:
        """The response, locked for change: personal ones by their owner (the only one who
        can see them), shared ones by admins."""
        response = await CannedResponseRepository(session).get(
            subject, response_id, for_update=True
        )
        if response.owner_id is None:
            policies.require_admin(subject)
        return response

    async def _check_shortcut(
        self,
        session: AsyncSession,
        subject: Subject,
        owner_id: uuid.UUID | None,
        shortcut: str,
        *,
        but: uuid.UUID | None,
    ) -> None:
        repository = CannedResponseRepository(session)
        if await repository.shortcut_taken(subject.account_id, owner_id, shortcut, but=but):
            raise _taken(shortcut)


canned_response_service = CannedResponseService()
