"""Per-user read markers: how far each user has read each conversation."""

import uuid
from functools import partial
from typing import Any, Literal

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from helpdesk_api import events
from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations import schemas, timeline
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.events import EventType
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Conversation, ConversationRead


async def advance(
    session: AsyncSession, conversation: Conversation, user_id: uuid.UUID, seq: int
) -> int:
    """Move the user's marker forward to ``seq`` (never back); returns the marker."""
    statement = insert(ConversationRead).values(
        conversation_id=conversation.id, user_id=user_id, last_read_seq=seq, read_at=utcnow()
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[ConversationRead.conversation_id, ConversationRead.user_id],
        set_={
            "last_read_seq": func.greatest(ConversationRead.last_read_seq, seq),
            "read_at": statement.excluded.read_at,
        },
    ).returning(ConversationRead.last_read_seq)
    marker = await session.scalar(upsert)
    assert marker is not None
    return int(marker)


async def _staff_has_seen(session: AsyncSession, conversation: Conversation, seq: int) -> bool:
    """Move the conversation's "seen by the team" receipt. (A staff reply moves it with
    the rest of the conversation's changes, see messages/service.py.)"""
    return await _move_receipt(session, conversation, "staff_read_seq", seq) is not None


async def _move_receipt(
    session: AsyncSession,
    conversation: Conversation,
    receipt: Literal["staff_read_seq", "contact_read_seq"],
    seq: int,
) -> int | None:
    """Move a read receipt forward to ``seq``; the row is written (and locked) only when it
    moves. Returns the new value, or None when it was already there."""
    column = getattr(Conversation, receipt)
    moved: int | None = await session.scalar(
        update(Conversation)
        .where(Conversation.id == conversation.id, column < seq)
        .values({column: seq})
        .returning(column)
    )
    if moved is not None:
        set_committed_value(conversation, receipt, moved)
    return moved


async def mark_read(
    session: AsyncSession, subject: Subject, conversation_id: uuid.UUID, seq: int | None
) -> schemas.ReadState:
    """Read up to ``seq`` (default: everything). Markers only move forward, so concurrent
    reads of the same user keep the furthest one; a marker that does not move writes
    nothing (no lock, no event)."""
    policies.require_user(subject)
    assert subject.user is not None
    repository = ConversationRepository(session)
    conversation = await repository.get(subject, conversation_id)
    target = min(
        seq if seq is not None else conversation.last_message_seq, conversation.last_message_seq
    )
    before = (await repository.read_seqs(subject, [conversation.id])).get(conversation.id, 0)
    if target <= before:
        return _state(conversation, before)
    marker = await advance(session, conversation, subject.user.id, target)
    if marker > before:
        await timeline.log(session, conversation, "seen", Actor.of(subject), seq=marker)
    seen = await _staff_has_seen(session, conversation, marker)
    return _recorded(session, conversation, subject.user.id, marker, seen=seen)


async def mark_unread(
    session: AsyncSession, subject: Subject, conversation_id: uuid.UUID
) -> schemas.ReadState:
    """Put the marker just before the last message, so the conversation shows as unread."""
    policies.require_user(subject)
    assert subject.user is not None
    repository = ConversationRepository(session)
    conversation = await repository.get(subject, conversation_id)
    marker = max(conversation.last_message_seq - 1, 0)
    before = await repository.read_seqs(subject, [conversation.id])
    if before.get(conversation.id) == marker:
        return _state(conversation, marker)
    statement = insert(ConversationRead).values(
        conversation_id=conversation.id, user_id=subject.user.id, last_read_seq=marker
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[ConversationRead.conversation_id, ConversationRead.user_id],
            set_={"last_read_seq": marker},
        )
    )
    return _recorded(session, conversation, subject.user.id, marker)


def _state(conversation: Conversation, marker: int) -> schemas.ReadState:
    return schemas.ReadState(
        conversation_id=conversation.id,
        last_read_seq=marker,
        unread_count=max(conversation.last_message_seq - marker, 0),
    )


def _recorded(
    session: AsyncSession,
    conversation: Conversation,
    user_id: uuid.UUID,
    marker: int,
    *,
    seen: bool = False,
) -> schemas.ReadState:
    """The moved marker's state, announced to the user's other devices, and to the
    customer's widget as "seen" when the team's receipt moved with it."""
    state = _state(conversation, marker)
    events.record(
        session,
        conversation.account_id,
        EventType.conversation_read,
        {**state.model_dump(mode="json"), "reader": {"type": "user", "id": str(user_id)}},
        conversation_id=conversation.id,
        user_id=user_id,
        contact_id=conversation.contact_id if seen else None,
        widget=partial(_seen_by_team, conversation) if seen else None,
    )
    return state


async def _seen_by_team(conversation: Conversation, _: AsyncSession) -> dict[str, Any]:
    return {
        "conversation_id": str(conversation.id),
        "reader": {"type": "team"},
        "last_read_seq": conversation.staff_read_seq,
    }


async def contact_read(
    session: AsyncSession, conversation: Conversation, seq: int
) -> schemas.ContactReadState:
    """The customer has seen messages up to ``seq`` (never back): staff see it as the
    conversation's ``contact_read_seq``, the customer's other devices as conversation.read."""
    target = min(seq, conversation.last_message_seq)
    moved = await _move_receipt(session, conversation, "contact_read_seq", target)
    if moved is None:
        return schemas.ContactReadState(
            conversation_id=conversation.id, last_read_seq=conversation.contact_read_seq
        )
    state = schemas.ContactReadState(conversation_id=conversation.id, last_read_seq=moved)
    payload = {
        **state.model_dump(mode="json"),
        "reader": {"type": "contact", "id": str(conversation.contact_id)},
    }
    events.record(
        session,
        conversation.account_id,
        EventType.conversation_read,
        payload,
        conversation_id=conversation.id,
        contact_id=conversation.contact_id,
        widget=partial(_same, payload),
    )
    return state


async def _same(payload: dict[str, Any], _: AsyncSession) -> dict[str, Any]:
    return payload
