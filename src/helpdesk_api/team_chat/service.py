"""Team-chat channels: the caller's list, direct channels, groups and their members.

Team chat is between people: an API token takes no part (403). A channel exists only for
its members (anyone else, of any role, is answered 404; see ``scope``). Owners and admins
create groups and change their members; a member may leave a group. The all-staff
channel follows the account's active users (``all_staff``) and a direct channel is its
two users for good, so neither is left nor edited.
"""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import FieldError
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.models import TeamChatChannel, TeamChatKind, TeamChatMessage
from helpdesk_api.team_chat import schemas
from helpdesk_api.team_chat.exceptions import FixedMembership, UnknownMembers
from helpdesk_api.team_chat.repository import ChannelRepository
from helpdesk_api.users.repository import UserRepository
from helpdesk_api.users.schemas import UserSummary


def _preview(message: TeamChatMessage | None) -> schemas.TeamChatMessagePreview | None:
    if message is None:
        return None
    return schemas.TeamChatMessagePreview(
        id=message.id,
        seq=message.seq,
        author_user_id=message.author_user_id,
        text=message.text[: schemas.PREVIEW_LENGTH],
        created_at=message.created_at,
    )


async def present(
    session: AsyncSession, subject: Subject, channels: Sequence[TeamChatChannel]
) -> list[schemas.TeamChatChannel]:
    """The channels as the subject sees them: members, read marker, last message."""
    assert subject.user_id is not None
    repository = ChannelRepository(session)
    ids = [c.id for c in channels]
    members = await repository.members(subject.account_id, ids)
    read = await repository.read_seqs(subject.user_id, ids)
    last = await repository.last_messages(ids)
    return [
        schemas.TeamChatChannel(
            id=channel.id,
            kind=TeamChatKind(channel.kind),
            name=channel.name,
            members=[UserSummary.model_validate(u) for u in members[channel.id]],
            last_message_seq=channel.last_message_seq,
            last_read_seq=read.get(channel.id, 0),
            unread_count=max(channel.last_message_seq - read.get(channel.id, 0), 0),
            last_message=_preview(last.get(channel.id)),
            created_at=channel.created_at,
            last_activity_at=channel.last_activity_at,
        )
        for channel in channels
    ]


class TeamChatService:
    async def page(
        self, session: AsyncSession, subject: Subject, params: PageParams
    ) -> schemas.TeamChatChannelPage:
        """The caller's channels, most recently active first."""
        policies.require_person(subject)
        repository = ChannelRepository(session)
        channels, cursor = await repository.page(subject, params)
        return schemas.TeamChatChannelPage(
            items=await present(session, subject, channels),
            next_cursor=cursor,
            unread_count=await repository.unread_total(subject),
        )

    async def get(
        self, session: AsyncSession, subject: Subject, channel_id: uuid.UUID
    ) -> schemas.TeamChatChannel:
        policies.require_person(subject)
        channel = await ChannelRepository(session).get(subject, channel_id)
        [found] = await present(session, subject, [channel])
        return found

    async def create(
        self,
        session: AsyncSession,
        subject: Subject,
        data: schemas.DirectChannelCreate | schemas.GroupChannelCreate,
    ) -> tuple[schemas.TeamChatChannel, bool]:
        """The new channel and True, or, for a direct channel that exists, it and False."""
        if isinstance(data, schemas.DirectChannelCreate):
            return await self._open_direct(session, subject, data.user_id)
        return await self._create_group(session, subject, data), True

    async def leave(self, session: AsyncSession, subject: Subject, channel_id: uuid.UUID) -> None:
        """The caller leaves a group; the all-staff and direct channels are not left."""
        user_id = policies.require_person(subject)
        channel = await self._group(session, subject, channel_id)
        await ChannelRepository(session).remove_member(channel.id, user_id)

    async def add_member(
        self, session: AsyncSession, subject: Subject, channel_id: uuid.UUID, user_id: uuid.UUID
    ) -> schemas.TeamChatChannel:
        """Put an active user of the account in a group (owner or admin, a member of it);
        a member already in it stays as they are."""
        policies.require_person(subject)
        policies.require_admin(subject)
        channel = await self._group(session, subject, channel_id)
        user = await UserRepository(session).get(subject, user_id)
        if not user.is_active:
            raise UnknownMembers(f"{user.name} is deactivated.")
        await ChannelRepository(session).add_members(
            channel.id, [user.id], read_up_to=channel.last_message_seq
        )
        [found] = await present(session, subject, [channel])
        return found

    async def remove_member(
        self, session: AsyncSession, subject: Subject, channel_id: uuid.UUID, user_id: uuid.UUID
    ) -> None:
        """Take a user out of a group (owner or admin, a member of it); removing someone
        who is not in it changes nothing."""
        policies.require_person(subject)
        policies.require_admin(subject)
        channel = await self._group(session, subject, channel_id)
        await ChannelRepository(session).remove_member(channel.id, user_id)

    async def _open_direct(
        self, session: AsyncSession, subject: Subject, other_id: uuid.UUID
    ) -> tuple[schemas.TeamChatChannel, bool]:
        user_id = policies.require_person(subject)
        if other_id == user_id:
            raise UnknownMembers(
                "A direct channel is with someone else.",
                errors=[FieldError(loc=["body", "user_id"], msg="the caller", type="self")],
            )
        await _check_active(session, subject, [other_id], field="user_id")
        repository = ChannelRepository(session)
        channel_id, created = await repository.open_direct(
            subject.account_id, (user_id, other_id), created_by=user_id
        )
        if created:
            await repository.add_members(channel_id, [user_id, other_id], read_up_to=0)
        channel = await repository.get(subject, channel_id)
        [found] = await present(session, subject, [channel])
        return found, created

    async def _create_group(
        self, session: AsyncSession, subject: Subject, data: schemas.GroupChannelCreate
    ) -> schemas.TeamChatChannel:
        user_id = policies.require_person(subject)
        policies.require_admin(subject)
        others = [u for u in dict.fromkeys(data.member_ids) if u != user_id]
        await _check_active(session, subject, others, field="member_ids")
        channel = TeamChatChannel(
            account_id=subject.account_id,
            kind=TeamChatKind.group.value,
            name=data.name,
            created_by_user_id=user_id,
        )
        session.add(channel)
        await session.flush()
        await ChannelRepository(session).add_members(channel.id, [user_id, *others], read_up_to=0)
        [found] = await present(session, subject, [channel])
        return found

    async def _group(
        self, session: AsyncSession, subject: Subject, channel_id: uuid.UUID
    ) -> TeamChatChannel:
        """A group the subject is in: 404 when not a member, 409 for another kind."""
        channel = await ChannelRepository(session).get(subject, channel_id)
        if channel.kind != TeamChatKind.group:
            raise FixedMembership(
                "Only a group's members change: everyone active is in the all-staff channel, "
                "and a direct channel is its two users."
            )
        return channel


async def _check_active(
    session: AsyncSession, subject: Subject, user_ids: Sequence[uuid.UUID], *, field: str
) -> None:
    """422 naming the users that are not active users of the subject's account."""
    statement = UserRepository(session).active_in_account(subject.account_id, user_ids)
    found = (await session.scalars(statement)).all()
    known = {u.id for u in found}
    unknown = [str(u) for u in user_ids if u not in known]
    if unknown:
        raise UnknownMembers(
            "Not active users of this account: " + ", ".join(unknown),
            errors=[FieldError(loc=["body", field], msg="unknown user", type="unknown")],
        )


team_chat_service = TeamChatService()
