"""Inboxes (channels): where conversations arrive, with their widget key and HMAC secret.

Inboxes are never deleted (conversations reference them); DELETE deactivates. The channel
is fixed at creation: conversations copy it and lists filter on the copy.
"""

import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import FieldError, NotFound
from helpdesk_api.inboxes import schemas
from helpdesk_api.inboxes.exceptions import InboxNotFound, UnknownTeam
from helpdesk_api.inboxes.repository import InboxRepository
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.models import Inbox
from helpdesk_api.schedules.hours import stored
from helpdesk_api.teams.repository import TeamRepository

WIDGET_KEY_BYTES = 18  # 24 url-safe characters
HMAC_SECRET_BYTES = 32  # 64 hex characters
_NULL_MEANS_UNCHANGED = (
    "name",
    "greeting",
    "auto_reply",
    "away_message",
    "bot_enabled",
    "is_active",
    "widget_color",
    "widget_position",
    "widget_origins",
)


def new_widget_key() -> str:
    return secrets.token_urlsafe(WIDGET_KEY_BYTES)


def new_hmac_secret() -> str:
    return secrets.token_hex(HMAC_SECRET_BYTES)


async def get_by_widget_key(session: AsyncSession, widget_key: str) -> Inbox:
    """The active inbox with this public widget key; InboxNotFound otherwise."""
    inbox = await InboxRepository(session).active_by_widget_key(widget_key)
    if inbox is None:
        raise InboxNotFound("No active inbox has this widget key.")
    return inbox


def present(subject: Subject, inbox: Inbox) -> schemas.Inbox:
    """The inbox as ``subject`` may read it: the HMAC secret only for owners and admins,
    since with it anyone can forge a verified customer identity."""
    secret = inbox.hmac_secret if policies.is_admin(subject) else None
    return schemas.Inbox.model_validate(inbox).model_copy(update={"hmac_secret": secret})


class InboxService:
    async def page(
        self, session: AsyncSession, subject: Subject, params: PageParams, *, active: bool | None
    ) -> tuple[list[schemas.Inbox], str | None]:
        inboxes, cursor = await InboxRepository(session).page(subject, params, active=active)
        return [present(subject, i) for i in inboxes], cursor

    async def get(
        self, session: AsyncSession, subject: Subject, inbox_id: uuid.UUID
    ) -> schemas.Inbox:
        return present(subject, await InboxRepository(session).get(subject, inbox_id))

    async def create(
        self, session: AsyncSession, subject: Subject, data: schemas.InboxCreate
    ) -> schemas.Inbox:
        policies.require_admin(subject)
        if data.default_team_id is not None:
            await self._check_team(session, subject, data.default_team_id)
        inbox = Inbox(
            account_id=subject.account_id,
            name=data.name,
            channel=data.channel.value,
            greeting=data.greeting,
            auto_reply=data.auto_reply,
            away_message=data.away_message,
            default_team_id=data.default_team_id,
            widget_key=new_widget_key(),
            hmac_secret=new_hmac_secret(),
            bot_enabled=data.bot_enabled,
            working_hours=stored(data.working_hours),
            settings={},
            is_active=True,
            widget_color=data.widget_color,
            widget_position=data.widget_position.value,
            widget_language=data.widget_language.value if data.widget_language else None,
            widget_origins=data.widget_origins,
        )
        session.add(inbox)
        await session.flush()
        await session.refresh(inbox)
        return present(subject, inbox)

    async def update(
        self,
        session: AsyncSession,
        subject: Subject,
        inbox_id: uuid.UUID,
        data: schemas.InboxUpdate,
    ) -> schemas.Inbox:
        policies.require_admin(subject)
        inbox = await InboxRepository(session).get(subject, inbox_id, for_update=True)
        given = data.model_fields_set
        if "default_team_id" in given:
            if data.default_team_id is not None:
                await self._check_team(session, subject, data.default_team_id)
            inbox.default_team_id = data.default_team_id
        if "working_hours" in given:
            inbox.working_hours = stored(data.working_hours)
        if "widget_language" in given:
            inbox.widget_language = data.widget_language.value if data.widget_language else None
        for field in _NULL_MEANS_UNCHANGED:
            value = getattr(data, field)
            if value is not None:
                setattr(inbox, field, value)
        return await self._saved(session, subject, inbox)

    async def deactivate(
        self, session: AsyncSession, subject: Subject, inbox_id: uuid.UUID
    ) -> schemas.Inbox:
        """The inbox stops receiving (its widget key stops working); its conversations stay."""
        policies.require_admin(subject)
        inbox = await InboxRepository(session).get(subject, inbox_id, for_update=True)
        inbox.is_active = False
        return await self._saved(session, subject, inbox)

    async def rotate_secret(
        self, session: AsyncSession, subject: Subject, inbox_id: uuid.UUID
    ) -> schemas.Inbox:
        """A new HMAC secret; identity hashes made with the old one are refused from now on."""
        policies.require_admin(subject)
        inbox = await InboxRepository(session).get(subject, inbox_id, for_update=True)
        inbox.hmac_secret = new_hmac_secret()
        return await self._saved(session, subject, inbox)

    async def _check_team(
        self, session: AsyncSession, subject: Subject, team_id: uuid.UUID
    ) -> None:
        try:
            await TeamRepository(session).get(subject, team_id)
        except NotFound as exc:
            raise UnknownTeam(
                f"No team {team_id} in this account.",
                errors=[
                    FieldError(loc=["body", "default_team_id"], msg="unknown team", type="unknown")
                ],
            ) from exc

    async def _saved(self, session: AsyncSession, subject: Subject, inbox: Inbox) -> schemas.Inbox:
        await session.flush()
        await session.refresh(inbox)  # updated_at is set by the database
        return present(subject, inbox)


inbox_service = InboxService()
