"""Labels, followers and cc participants of a conversation."""

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations import schemas, snapshots, timeline
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.conversations.exceptions import UnknownReference
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.errors import FieldError
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import (
    Conversation,
    ConversationFollower,
    ConversationLabel,
    ConversationParticipant,
    Label,
    User,
)


async def _known(
    session: AsyncSession,
    subject: Subject,
    model: type[Label] | type[User],
    ids: Sequence[uuid.UUID],
    field: str,
) -> list[uuid.UUID]:
    wanted = list(dict.fromkeys(ids))
    statement = select(model.id).where(model.account_id == subject.account_id, model.id.in_(wanted))
    if model is User:
        statement = statement.where(User.is_active)
    found = set((await session.scalars(statement)).all())
    unknown = [str(i) for i in wanted if i not in found]
    if unknown:
        raise UnknownReference(
            f"Unknown {field}: {', '.join(unknown)}",
            errors=[FieldError(loc=["body", field], msg="unknown id", type="unknown")],
        )
    return wanted


def _changed(session: AsyncSession, conversation: Conversation, what: str) -> None:
    conversation.updated_at = utcnow()
    snapshots.record(session, EventType.conversation_updated, conversation, {"changed": [what]})


async def set_labels(
    session: AsyncSession,
    subject: Subject,
    conversation: Conversation,
    label_ids: Sequence[uuid.UUID],
    *,
    mode: str = "set",
) -> None:
    """``mode`` is ``set`` (exactly these), ``add`` or ``remove``."""
    wanted = await _known(session, subject, Label, label_ids, "label_ids")
    current = set(
        (
            await session.scalars(
                select(ConversationLabel.label_id).where(
                    ConversationLabel.conversation_id == conversation.id
                )
            )
        ).all()
    )
    target = {"set": set(wanted), "add": current | set(wanted), "remove": current - set(wanted)}[
        mode
    ]
    added, removed = target - current, current - target
    if removed:
        await session.execute(
            delete(ConversationLabel).where(
                ConversationLabel.conversation_id == conversation.id,
                ConversationLabel.label_id.in_(removed),
            )
        )
    if added:
        await session.execute(
            insert(ConversationLabel),
            [{"conversation_id": conversation.id, "label_id": i} for i in added],
        )
    if added or removed:
        await timeline.log(
            session,
            conversation,
            "labelled",
            Actor.of(subject),
            added=sorted(map(str, added)),
            removed=sorted(map(str, removed)),
        )
        _changed(session, conversation, "labels")


async def set_followers(
    session: AsyncSession,
    subject: Subject,
    conversation_id: uuid.UUID,
    user_ids: Sequence[uuid.UUID],
) -> list[uuid.UUID]:
    conversation = await ConversationRepository(session).get(
        subject, conversation_id, for_update=True
    )
    wanted = set(await _known(session, subject, User, user_ids, "user_ids"))
    current = set(await _followers(session, conversation.id))
    if wanted - current:
        await session.execute(
            insert(ConversationFollower),
            [{"conversation_id": conversation.id, "user_id": u} for u in wanted - current],
        )
    if current - wanted:
        await session.execute(
            delete(ConversationFollower).where(
                ConversationFollower.conversation_id == conversation.id,
                ConversationFollower.user_id.in_(current - wanted),
            )
        )
    if wanted != current:
        await timeline.log(
            session,
            conversation,
            "followers_changed",
            Actor.of(subject),
            added=sorted(map(str, wanted - current)),
            removed=sorted(map(str, current - wanted)),
        )
        _changed(session, conversation, "followers")
    return await _followers(session, conversation.id)


async def followers(
    session: AsyncSession, subject: Subject, conversation_id: uuid.UUID
) -> list[uuid.UUID]:
    conversation = await ConversationRepository(session).get(subject, conversation_id)
    return await _followers(session, conversation.id)


async def _followers(session: AsyncSession, conversation_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(ConversationFollower.user_id)
        .where(ConversationFollower.conversation_id == conversation_id)
        .order_by(ConversationFollower.user_id)
    )
    return list(rows)


async def set_participants(
    session: AsyncSession,
    subject: Subject,
    conversation_id: uuid.UUID,
    participants: Sequence[schemas.Participant],
) -> list[ConversationParticipant]:
    conversation = await ConversationRepository(session).get(
        subject, conversation_id, for_update=True
    )
    unique = {p.email.lower(): p for p in participants}
    before = {p.email.lower() for p in await _participants(session, conversation.id)}
    await session.execute(
        delete(ConversationParticipant).where(
            ConversationParticipant.conversation_id == conversation.id
        )
    )
    if unique:
        await session.execute(
            insert(ConversationParticipant),
            [
                {
                    "id": uuid.uuid4(),
                    "conversation_id": conversation.id,
                    "email": p.email,
                    "name": p.name,
                }
                for p in unique.values()
            ],
        )
    if set(unique) != before:
        await timeline.log(
            session,
            conversation,
            "participants_changed",
            Actor.of(subject),
            added=sorted(set(unique) - before),
            removed=sorted(before - set(unique)),
        )
        _changed(session, conversation, "participants")
    return await _participants(session, conversation.id)


async def participants(
    session: AsyncSession, subject: Subject, conversation_id: uuid.UUID
) -> list[ConversationParticipant]:
    conversation = await ConversationRepository(session).get(subject, conversation_id)
    return await _participants(session, conversation.id)


async def _participants(
    session: AsyncSession, conversation_id: uuid.UUID
) -> list[ConversationParticipant]:
    rows = await session.scalars(
        select(ConversationParticipant)
        .where(ConversationParticipant.conversation_id == conversation_id)
        .order_by(func.lower(ConversationParticipant.email))
    )
    return list(rows)
