import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, delete, false, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as upsert

from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import TeamChatChannel, TeamChatKind, TeamChatMember, TeamChatMessage, User
from helpdesk_api.team_chat.scope import channel_ids_of

#: Most recently active first.
_CHANNEL_ORDER = (TeamChatChannel.last_activity_at, TeamChatChannel.id)
#: A member's unread messages in a channel (the marker never passes the last message, but
#: a sum should not trust that).
_UNREAD = func.greatest(TeamChatChannel.last_message_seq - TeamChatMember.last_read_seq, 0)


class ChannelRepository(Repository[TeamChatChannel]):
    model = TeamChatChannel
    not_found = "Channel not found."

    def readable(self, subject: Subject) -> Select[TeamChatChannel]:
        """The channels the subject is a member of: nobody else reads one, whatever their
        role (an API token is in none)."""
        statement = self.of_account(subject.account_id)
        if subject.user_id is None:
            return statement.where(false())
        return statement.where(TeamChatChannel.id.in_(channel_ids_of(subject.user_id)))

    async def page(
        self, subject: Subject, params: PageParams
    ) -> tuple[list[TeamChatChannel], str | None]:
        return await paginate(
            self.session, self.readable(subject), _CHANNEL_ORDER, params, descending=True
        )

    async def read_seqs(
        self, user_id: uuid.UUID, channel_ids: Collection[uuid.UUID]
    ) -> dict[uuid.UUID, int]:
        rows = await self.session.execute(
            select(TeamChatMember.channel_id, TeamChatMember.last_read_seq).where(
                TeamChatMember.user_id == user_id, TeamChatMember.channel_id.in_(channel_ids)
            )
        )
        return dict(rows.all())

    async def last_messages(
        self, channel_ids: Collection[uuid.UUID]
    ) -> dict[uuid.UUID, TeamChatMessage]:
        rows = await self.session.scalars(
            select(TeamChatMessage)
            .join(
                TeamChatChannel,
                and_(
                    TeamChatChannel.id == TeamChatMessage.channel_id,
                    TeamChatChannel.last_message_seq == TeamChatMessage.seq,
                ),
            )
            .where(TeamChatChannel.id.in_(channel_ids))
        )
        return {message.channel_id: message for message in rows}

    async def members(
        self, account_id: uuid.UUID, channel_ids: Collection[uuid.UUID]
    ) -> dict[uuid.UUID, list[User]]:
        """Members of each channel, by name."""
        rows = await self.session.execute(
            select(TeamChatMember.channel_id, User)
            .join(User, User.id == TeamChatMember.user_id)
            .where(User.account_id == account_id, TeamChatMember.channel_id.in_(channel_ids))
            .order_by(func.lower(User.name), User.id)
        )
        found: dict[uuid.UUID, list[User]] = {channel_id: [] for channel_id in channel_ids}
        for channel_id, user in rows:
            found[channel_id].append(user)
        return found

    async def unread_total(self, subject: Subject) -> int:
        total = await self.session.scalar(
            select(func.coalesce(func.sum(_UNREAD), 0))
            .select_from(TeamChatMember)
            .join(TeamChatChannel, TeamChatChannel.id == TeamChatMember.channel_id)
            .where(
                TeamChatMember.user_id == subject.user_id,
                TeamChatChannel.account_id == subject.account_id,
            )
        )
        return int(total or 0)

    async def open_direct(
        self, account_id: uuid.UUID, pair: tuple[uuid.UUID, uuid.UUID], created_by: uuid.UUID
    ) -> tuple[uuid.UUID, bool]:
        """The pair's channel id, and whether this call created it. Concurrent calls for one
        pair wait on its unique key: one creates, the others find what it committed."""
        low, high = sorted(pair)
        created = await self.session.scalar(
            upsert(TeamChatChannel)
            .values(
                id=uuid.uuid4(),
                account_id=account_id,
                kind=TeamChatKind.direct.value,
                direct_low_id=low,
                direct_high_id=high,
                created_by_user_id=created_by,
            )
            .on_conflict_do_nothing(
                index_elements=[TeamChatChannel.direct_low_id, TeamChatChannel.direct_high_id]
            )
            .returning(TeamChatChannel.id)
        )
        if created is not None:
            return created, True
        existing = await self.session.scalar(
            select(TeamChatChannel.id).where(
                TeamChatChannel.account_id == account_id,
                TeamChatChannel.direct_low_id == low,
                TeamChatChannel.direct_high_id == high,
            )
        )
        assert existing is not None, "the conflicting channel is committed"
        return existing, False

    async def add_members(
        self, channel_id: uuid.UUID, user_ids: Sequence[uuid.UUID], *, read_up_to: int
    ) -> None:
        """Add users who are not members yet; they have read everything up to ``read_up_to``
        (a newcomer's history is there to scroll, not a pile of unread messages)."""
        if not user_ids:
            return
        await self.session.execute(
            upsert(TeamChatMember)
            .values(
                [
                    {"channel_id": channel_id, "user_id": u, "last_read_seq": read_up_to}
                    for u in user_ids
                ]
            )
            .on_conflict_do_nothing()
        )

    async def remove_member(self, channel_id: uuid.UUID, user_id: uuid.UUID) -> None:
        await self.session.execute(
            delete(TeamChatMember).where(
                TeamChatMember.channel_id == channel_id, TeamChatMember.user_id == user_id
            )
        )

    async def advance_marker(
        self, channel_id: uuid.UUID, user_id: uuid.UUID, seq: int
    ) -> int | None:
        """Move the member's read marker forward to ``seq``, never back; returns the marker,
        None when the user is not a member.

        The row lock orders concurrent calls, and the later one re-checks the condition
        against what the first wrote, so the furthest marker wins whatever the order.
        """
        moved = await self.session.scalar(
            update(TeamChatMember)
            .where(
                TeamChatMember.channel_id == channel_id,
                TeamChatMember.user_id == user_id,
                TeamChatMember.last_read_seq < seq,
            )
            .values(last_read_seq=seq)
            .returning(TeamChatMember.last_read_seq)
        )
        if moved is not None:
            return int(moved)
        return await self.session.scalar(
            select(TeamChatMember.last_read_seq).where(
                TeamChatMember.channel_id == channel_id, TeamChatMember.user_id == user_id
            )
        )


class MessageRepository(Repository[TeamChatMessage]):
    model = TeamChatMessage
    not_found = "Message not found."

    async def next_seq(self, channel_id: uuid.UUID, now: datetime) -> int:
        """Number the channel's next message. The channel row stays locked until commit, so
        messages are numbered without gaps and committed in order."""
        seq = await self.session.scalar(
            update(TeamChatChannel)
            .where(TeamChatChannel.id == channel_id)
            .values(
                last_message_seq=TeamChatChannel.last_message_seq + 1,
                last_activity_at=now,
                updated_at=now,
            )
            .returning(TeamChatChannel.last_message_seq)
        )
        assert seq is not None, "the channel was just read"
        return int(seq)

    async def insert(self, **values: Any) -> TeamChatMessage:
        """One round trip: the row goes in and comes back."""
        return (
            await self.session.execute(
                insert(TeamChatMessage).values(id=uuid.uuid4(), **values).returning(TeamChatMessage)
            )
        ).scalar_one()

    async def page(
        self,
        account_id: uuid.UUID,
        channel_id: uuid.UUID,
        params: PageParams,
        *,
        before: int | None,
        after: int | None,
        newest_first: bool,
    ) -> tuple[list[TeamChatMessage], str | None]:
        """Messages in ``seq`` order, only those between ``after`` and ``before`` (both
        exclusive) when given."""
        statement = self.of_account(account_id).where(TeamChatMessage.channel_id == channel_id)
        if before is not None:
            statement = statement.where(TeamChatMessage.seq < before)
        if after is not None:
            statement = statement.where(TeamChatMessage.seq > after)
        return await paginate(
            self.session, statement, [TeamChatMessage.seq], params, descending=newest_first
        )
