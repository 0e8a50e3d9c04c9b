"""Team-chat messages: posting, reading back, and each member's read marker.

A message is numbered while its channel row is locked, so a channel's ``seq`` has no gaps
and its messages commit in order. Posting records ``team_chat.message.created`` for the
channel's members and notifies each member mentioned, in the same transaction; the author
has read their own message.
"""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import FieldError, NotFound
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.models import TeamChatChannel, TeamChatMessage, User
from helpdesk_api.notifications.service import notify
from helpdesk_api.team_chat import schemas
from helpdesk_api.team_chat.exceptions import NotAMember
from helpdesk_api.team_chat.repository import ChannelRepository, MessageRepository
from helpdesk_api.team_chat.scope import members_of
from helpdesk_api.users.repository import UserRepository

#: The notification a mention creates; users turn it off with the ``team_chat`` preference.
MENTION = "team_chat.mention"


class TeamChatMessageService:
    async def page(
        self,
        session: AsyncSession,
        subject: Subject,
        channel_id: uuid.UUID,
        params: PageParams,
        *,
        before: int | None = None,
        after: int | None = None,
        newest_first: bool = True,
    ) -> tuple[list[schemas.TeamChatMessage], str | None]:
        policies.require_person(subject)
        channel = await ChannelRepository(session).get(subject, channel_id)
        rows, cursor = await MessageRepository(session).page(
            channel.account_id,
            channel.id,
            params,
            before=before,
            after=after,
            newest_first=newest_first,
        )
        return [schemas.TeamChatMessage.model_validate(m) for m in rows], cursor

    async def post(
        self,
        session: AsyncSession,
        subject: Subject,
        channel_id: uuid.UUID,
        data: schemas.TeamChatMessageCreate,
    ) -> schemas.TeamChatMessage:
        author_id = policies.require_person(subject)
        channel = await ChannelRepository(session).get(subject, channel_id)
        mentions = list(dict.fromkeys(data.mentions))
        await _check_mentions(session, channel, mentions)
        repository = MessageRepository(session)
        now = utcnow()
        seq = await repository.next_seq(channel.id, now)
        message = await repository.insert(
            account_id=channel.account_id,
            channel_id=channel.id,
            seq=seq,
            author_user_id=author_id,
            text=data.text,
            mentions=mentions,
            created_at=now,
        )
        await ChannelRepository(session).advance_marker(channel.id, author_id, seq)
        result = schemas.TeamChatMessage.model_validate(message)
        events.record(
            session,
            channel.account_id,
            EventType.team_chat_message_created,
            {"channel_id": str(channel.id), "message": result.model_dump(mode="json")},
            channel_id=channel.id,
        )
        await _notify_mentioned(session, channel, message)
        return result

    async def mark_read(
        self, session: AsyncSession, subject: Subject, channel_id: uuid.UUID, seq: int | None
    ) -> schemas.TeamChatReadState:
        """Read up to ``seq`` (default: everything). The marker only moves forward, so
        concurrent calls keep the furthest one."""
        user_id = policies.require_person(subject)
        channel = await ChannelRepository(session).get(subject, channel_id)
        last = channel.last_message_seq
        target = last if seq is None else min(seq, last)
        marker = await ChannelRepository(session).advance_marker(channel.id, user_id, target)
        if marker is None:  # left the channel meanwhile
            raise NotFound(ChannelRepository.not_found)
        return schemas.TeamChatReadState(
            channel_id=channel.id, last_read_seq=marker, unread_count=max(last - marker, 0)
        )


async def _check_mentions(
    session: AsyncSession, channel: TeamChatChannel, mentions: list[uuid.UUID]
) -> None:
    if not mentions:
        return
    members = set((await members_of(session, [channel.id]))[channel.id])
    strangers = [str(u) for u in mentions if u not in members]
    if strangers:
        raise NotAMember(
            "Not members of this channel: " + ", ".join(strangers),
            errors=[FieldError(loc=["body", "mentions"], msg="not a member", type="member")],
        )


async def _notify_mentioned(
    session: AsyncSession, channel: TeamChatChannel, message: TeamChatMessage
) -> None:
    """Notify each active mentioned member who wants to hear of team chat (not the author:
    ``notify`` skips the actor)."""
    if not message.mentions:
        return
    statement = UserRepository(session).active_in_account(channel.account_id, message.mentions)
    for user in (await session.scalars(statement.order_by(User.id))).all():
        if user.notification_preferences.get("team_chat", True):
            await notify(
                session,
                channel.account_id,
                user.id,
                MENTION,
                actor_user_id=message.author_user_id,
                channel_id=str(channel.id),
                message_id=str(message.id),
            )


team_chat_message_service = TeamChatMessageService()
