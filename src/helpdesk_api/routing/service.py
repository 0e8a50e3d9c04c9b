"""Routing: giving a team's queued conversations to its online members within capacity.

Runs in arq jobs started by the outbox dispatcher, never in a request. One conversation
per transaction: lock the team (one router per team at a time), then the queue's head,
then the members in id order; choose; hand it over through :func:`handler.hand`.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.conversations.actors import SYSTEM
from helpdesk_api.db import session_scope
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import (
    Availability,
    Conversation,
    Role,
    RoutingDecision,
    RoutingMode,
    Team,
    TeamMember,
    User,
)
from helpdesk_api.routing import handler, queue
from helpdesk_api.routing.handler import Change, Checks, Target
from helpdesk_api.routing.schemas import Candidate

#: At most this many conversations are routed by one drain (the next event drains on).
DRAIN_LIMIT = 500
#: How far past a head that nobody free may take routing looks for one they may.
LOOKAHEAD = 20
_TAKEN_FROM = "it was taken from them (no reply in time, or handed over)"


@dataclass
class Decision:
    outcome: str  # assigned, queued, manual
    reason: str
    chosen: Candidate | None
    candidates: list[Candidate]
    queue_position: int | None


async def drain(
    sessionmaker: async_sessionmaker[AsyncSession], team_id: uuid.UUID, *, limit: int = DRAIN_LIMIT
) -> int:
    """Route the team's queue head by head until it is empty or nobody can take more;
    returns how many were assigned. Safe to run twice or concurrently."""
    assigned = 0
    while assigned < limit:
        async with session_scope(sessionmaker) as session:
            decision = await route_head(session, team_id)
        if decision is None or decision.outcome != "assigned":
            break
        assigned += 1
    return assigned


async def route_head(session: AsyncSession, team_id: uuid.UUID) -> Decision | None:
    """Decide about the head of the team's queue; None when the queue is empty."""
    team = await session.scalar(select(Team).where(Team.id == team_id).with_for_update())
    if team is None:
        return None
    head = await session.scalar(
        select(Conversation)
        .where(Conversation.team_id == team_id, queue.waiting())
        .order_by(Conversation.queued_at, Conversation.id)
        .limit(1)
        .with_for_update()
    )
    if head is None:
        return None
    decision = await decide(session, team, head, lock=True)
    if decision.chosen is None and head.past_assignee_ids:
        # The head waits only because the free members are those it was taken from: the
        # next one anybody may take goes first, rather than the whole queue waiting.
        head, decision = await _next_takeable(session, team, head, decision)
    if decision.chosen is not None:
        # The members' rows are locked and their loads counted under the lock: no need
        # to count again.
        await handler.hand(
            session,
            head,
            Target(user_id=decision.chosen.user_id),
            SYSTEM,
            Change.routed,
            checks=Checks(availability=False, capacity=False),
            reason=decision.reason,
        )
    await _remember(session, head, team, decision)
    return decision


async def _next_takeable(
    session: AsyncSession, team: Team, head: Conversation, decision: Decision
) -> tuple[Conversation, Decision]:
    if not any(c.reason == _TAKEN_FROM for c in decision.candidates):
        return head, decision
    later = await session.scalars(
        select(Conversation)
        .where(Conversation.team_id == team.id, queue.waiting(), Conversation.id != head.id)
        .order_by(Conversation.queued_at, Conversation.id)
        .limit(LOOKAHEAD)
        .with_for_update(skip_locked=True)
    )
    for conversation in later:
        found = await decide(session, team, conversation, lock=False)
        if found.chosen is not None:
            return conversation, found
    return head, decision


async def decide(
    session: AsyncSession, team: Team, conversation: Conversation, *, lock: bool
) -> Decision:
    """Who of ``team`` should get ``conversation`` now, and why (or why it waits).

    ``lock`` takes the members' rows (id order) so their loads stay true until commit;
    the routing explanation asks without it.
    """
    if team.routing_mode == RoutingMode.manual.value:
        position = await queue.position(session, conversation.id)
        return Decision(
            "manual",
            f"{team.name} assigns conversations by hand; it waits at position {position}.",
            None,
            await candidates(session, team, conversation, lock=False),
            position,
        )
    found = await candidates(session, team, conversation, lock=lock)
    eligible = [c for c in found if c.eligible]
    if not eligible:
        position = await queue.position(session, conversation.id)
        return Decision(
            "queued",
            f"No member of {team.name} is online with capacity left; "
            f"it waits at position {position}.",
            None,
            found,
            position,
        )
    never = datetime.min.replace(tzinfo=utcnow().tzinfo)
    if team.routing_mode == RoutingMode.least_busy.value:
        chosen = min(eligible, key=lambda c: (c.load, c.last_assigned_at or never, str(c.user_id)))
        why = (
            f"least busy: {chosen.name} handles {chosen.load} of {chosen.capacity}; ties go to "
            "whoever waited longest since their last assignment."
        )
    else:
        chosen = min(eligible, key=lambda c: (c.last_assigned_at or never, str(c.user_id)))
        since = (
            f"since {chosen.last_assigned_at.isoformat()}"
            if chosen.last_assigned_at
            else "never assigned before"
        )
        why = f"round robin: {chosen.name} waited longest for a conversation ({since})."
    return Decision("assigned", why, chosen, found, None)


async def candidates(
    session: AsyncSession, team: Team, conversation: Conversation, *, lock: bool
) -> list[Candidate]:
    """Every active member of ``team``, with load, capacity and whether they may get it."""
    statement = (
        select(User)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team.id, User.is_active, User.account_id == team.account_id)
        .order_by(User.id)
    )
    if lock:
        statement = statement.with_for_update(of=User).execution_options(populate_existing=True)
    members = (await session.scalars(statement)).all()
    loads = await _loads(session, [m.id for m in members])
    past = set(conversation.past_assignee_ids or [])
    found = []
    for member in members:
        load = loads.get(member.id, 0)
        reason = _ineligible(member, load, past)
        found.append(
            Candidate(
                user_id=member.id,
                name=member.name,
                availability=member.availability,
                load=load,
                capacity=member.max_concurrent,
                last_assigned_at=member.last_assigned_at,
                eligible=reason is None,
                reason=reason or "eligible",
            )
        )
    return found


def _ineligible(member: User, load: int, past: set[uuid.UUID]) -> str | None:
    if member.role != Role.agent.value and not member.auto_assign:
        return f"{member.role}s are routed conversations only when they opt in"
    if member.availability != Availability.online.value:
        return f"{member.availability}"
    if load >= member.max_concurrent:
        return f"at capacity ({load} of {member.max_concurrent})"
    if member.id in past:
        return _TAKEN_FROM
    return None


async def _loads(session: AsyncSession, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not user_ids:
        return {}
    rows = await session.execute(
        select(Conversation.assignee_id, func.count())
        .where(
            Conversation.assignee_id.in_(user_ids),
            Conversation.status.in_(handler.LOAD_STATUSES),
        )
        .group_by(Conversation.assignee_id)
    )
    return {user_id: count for user_id, count in rows if user_id is not None}


async def _remember(
    session: AsyncSession, conversation: Conversation, team: Team, decision: Decision
) -> None:
    values = {
        "account_id": conversation.account_id,
        "team_id": team.id,
        "decided_at": utcnow(),
        "outcome": decision.outcome,
        "chosen_user_id": decision.chosen.user_id if decision.chosen else None,
        "reason": decision.reason,
        "candidates": [c.model_dump(mode="json") for c in decision.candidates],
        "queue_position": decision.queue_position,
    }
    await session.execute(
        insert(RoutingDecision)
        .values(conversation_id=conversation.id, **values)
        .on_conflict_do_update(index_elements=[RoutingDecision.conversation_id], set_=values)
    )
