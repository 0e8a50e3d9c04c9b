"""Handling a conversation: assign, transfer, escalate, take over, hand over, and the
routing explanation. The rules of who may receive it live in ``routing.handler``."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations import schemas
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.conversations.schemas import HandoverOutcomeKind
from helpdesk_api.conversations.snapshots import present_one
from helpdesk_api.errors import NotFound, PermissionDenied
from helpdesk_api.models import (
    Conversation,
    MessageKind,
    Priority,
    Role,
    RoutingDecision,
    Team,
    User,
)
from helpdesk_api.routing import handler, queue, service
from helpdesk_api.routing.exceptions import InvalidTarget, OverCapacity, UnknownTarget
from helpdesk_api.routing.handler import Change, Checks, Target
from helpdesk_api.routing.schemas import Candidate

_PRIORITY_ORDER = list(Priority)


class HandlingService:
    async def assign(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        data: schemas.AssignRequest,
    ) -> schemas.Conversation:
        """Anyone who sees the conversation may assign it; ``force`` is for admins."""
        await self.check_assignment(session, subject, data)
        conversation = await self._locked(session, subject, conversation_id)
        await self.assign_locked(session, subject, conversation, data)
        return await present_one(session, subject, conversation)

    async def check_assignment(
        self, session: AsyncSession, subject: Subject, data: schemas.AssignRequest
    ) -> None:
        """What an assignment may ask, whichever conversations it is for."""
        if data.force:
            policies.require_admin(subject)
        await self.check_team(session, subject, data.team_id)

    async def assign_locked(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation: Conversation,
        data: schemas.AssignRequest,
        *,
        transfer: bool = False,
    ) -> None:
        """``data`` checked by :meth:`check_assignment`; ``conversation`` locked."""
        if transfer:
            change = Change.transferred
        elif data.bot:
            change = Change.handed_to_bot
        else:
            change = Change.assigned if data.user_id else Change.unassigned
        await self.move(
            session,
            subject,
            conversation,
            Target(user_id=data.user_id, team_id=data.team_id, bot=data.bot),
            change,
            Checks(force=data.force),
            data.note,
        )

    async def transfer(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        data: schemas.TransferRequest,
    ) -> schemas.Conversation:
        conversation = await self._locked(session, subject, conversation_id)
        await self.check_team(session, subject, data.team_id)
        if data.user_id is not None and data.user_id == conversation.assignee_id:
            raise InvalidTarget("They already handle this conversation.")
        target = Target(user_id=data.user_id, team_id=data.team_id)
        await self.move(
            session, subject, conversation, target, Change.transferred, Checks(), data.note
        )
        return await present_one(session, subject, conversation)

    async def escalate(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation_id: uuid.UUID,
        data: schemas.EscalateRequest,
    ) -> schemas.Conversation:
        """Up to an admin or a team; an admin receives it whether online or not."""
        conversation = await self._locked(session, subject, conversation_id)
        await self.check_team(session, subject, data.team_id)
        if data.user_id is not None:
            user = await session.get(User, data.user_id)
            if user is None or user.account_id != subject.account_id:
                raise UnknownTarget("No such user in this account.")
            if user.role == Role.agent.value:
                raise InvalidTarget("Escalate to an admin or the owner, or to a team.")
        if data.priority is not None and _PRIORITY_ORDER.index(
            data.priority
        ) > _PRIORITY_ORDER.index(Priority(conversation.priority)):
            conversation.priority = data.priority.value
        target = Target(user_id=data.user_id, team_id=data.team_id)
        await self.move(
            session,
            subject,
            conversation,
            target,
            Change.escalated,
            Checks(availability=False),
            data.note,
        )
        return await present_one(session, subject, conversation)

    async def take_over(
        self, session: AsyncSession, subject: Subject, conversation_id: uuid.UUID
    ) -> schemas.Conversation:
        """The caller handles it from now on: from the bot, the queue or a colleague.
        Admins may take over any conversation, agents those they can see."""
        if subject.user_id is None:
            raise PermissionDenied("An API token cannot handle conversations; assign a user.")
        conversation = await self._locked(session, subject, conversation_id)
        if conversation.assignee_id != subject.user_id:
            await handler.hand(
                session,
                conversation,
                Target(user_id=subject.user_id),
                Actor.of(subject),
                Change.taken_over,
                checks=Checks(availability=False),
            )
        return await present_one(session, subject, conversation)

    async def explain(
        self, session: AsyncSession, subject: Subject, conversation_id: uuid.UUID
    ) -> schemas.RoutingExplanation:
        """The last routing decision; for a conversation still waiting, the decision
        routing would take now."""
        conversation = await ConversationRepository(session).get(subject, conversation_id)
        team = await session.get(Team, conversation.team_id) if conversation.team_id else None
        position = await queue.position(session, conversation.id)
        stored = await session.get(RoutingDecision, conversation.id)
        about = {
            "conversation_id": conversation.id,
            "routing_mode": team.routing_mode if team else None,
            "decided_at": stored.decided_at if stored else None,
            "chosen_user_id": None,
            "queue_position": position,
        }
        if position is not None and team is not None:
            live = await service.decide(session, team, conversation, lock=False)
            return schemas.RoutingExplanation(
                **about,
                team_id=team.id,
                outcome="manual" if live.outcome == "manual" else "queued",
                reason=live.reason if live.chosen is None else _about_to_route(position),
                candidates=live.candidates,
            )
        if stored is None:
            return schemas.RoutingExplanation(
                **about,
                team_id=conversation.team_id,
                outcome="none",
                reason=_why_unrouted(conversation),
                candidates=[],
            )
        return schemas.RoutingExplanation(
            **{**about, "chosen_user_id": stored.chosen_user_id},
            team_id=stored.team_id,
            outcome=stored.outcome,
            reason=stored.reason,
            candidates=[Candidate.model_validate(c) for c in stored.candidates],
        )

    async def _locked(
        self, session: AsyncSession, subject: Subject, conversation_id: uuid.UUID
    ) -> Conversation:
        return await ConversationRepository(session).get(subject, conversation_id, for_update=True)

    async def check_team(
        self, session: AsyncSession, subject: Subject, team_id: uuid.UUID | None
    ) -> None:
        if team_id is None:
            return
        team = await session.get(Team, team_id)
        if team is None or team.account_id != subject.account_id:
            raise UnknownTarget("No such team in this account.")

    async def move(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation: Conversation,
        target: Target,
        change: Change,
        checks: Checks,
        note: str | None,
    ) -> None:
        await handler.hand(
            session, conversation, target, Actor.of(subject), change, checks=checks, note=note
        )
        await self._note(session, subject, conversation, note)

    async def handover(
        self,
        session: AsyncSession,
        subject: Subject,
        user_id: uuid.UUID,
        data: schemas.HandoverRequest,
    ) -> schemas.HandoverResult:
        """All of a user's open conversations to a colleague (within their capacity; the
        rest wait in their teams' queues) or to a team (routed at once as far as capacity
        allows, the rest queued). One transaction: all of it happens or none."""
        policies.require_admin(subject)
        source = await session.get(User, user_id)
        if source is None or source.account_id != subject.account_id:
            raise NotFound("No such user in this account.")
        await self.check_team(session, subject, data.team_id)
        if data.team_id is not None:  # the team first: routing's lock order
            await session.execute(select(Team.id).where(Team.id == data.team_id).with_for_update())
        conversations = (
            await session.scalars(
                select(Conversation)
                .where(
                    Conversation.account_id == subject.account_id,
                    Conversation.assignee_id == user_id,
                    Conversation.status.in_(handler.LOAD_STATUSES),
                )
                .order_by(Conversation.id)
                .with_for_update()
            )
        ).all()
        if data.user_id is not None:
            receiver = await handler.lock_user(session, subject.account_id, data.user_id)
            if receiver.id == user_id:
                raise InvalidTarget("Hand over to someone else.")
            handler.check_present(receiver, Checks(force=data.force))
        first_waiting = sorted(
            conversations,
            key=lambda c: (c.waiting_since is None, c.waiting_since, c.created_at, c.id),
        )
        actor = Actor.of(subject)
        for conversation in first_waiting:
            target = Target(user_id=data.user_id, team_id=data.team_id)
            try:
                await handler.hand(
                    session,
                    conversation,
                    target,
                    actor,
                    Change.handed_over,
                    checks=Checks(force=data.force),
                    note=data.note,
                )
            except OverCapacity as refused:
                await handler.hand(
                    session,
                    conversation,
                    Target(),
                    actor,
                    Change.handed_over,
                    note=data.note,
                    reason=refused.detail,
                )
            await self._note(session, subject, conversation, data.note)
        if data.team_id is not None:
            while True:
                decision = await service.route_head(session, data.team_id)
                if decision is None or decision.outcome != "assigned":
                    break
        await session.flush()
        positions = await queue.positions(session, [c.id for c in first_waiting])
        return schemas.HandoverResult(
            user_id=user_id,
            conversations=[
                schemas.HandoverOutcome(
                    conversation_id=c.id,
                    number=c.number,
                    outcome=_outcome(c, positions.get(c.id)),
                    assignee_id=c.assignee_id,
                    team_id=c.team_id,
                    queue_position=positions.get(c.id),
                )
                for c in first_waiting
            ],
        )

    async def _note(
        self, session: AsyncSession, subject: Subject, conversation: Conversation, note: str | None
    ) -> None:
        if note:
            from helpdesk_api.messages.service import Sender, message_service

            await message_service.post(
                session, conversation, Sender.of(subject), MessageKind.note, note
            )


def _outcome(conversation: Conversation, position: int | None) -> HandoverOutcomeKind:
    if conversation.assignee_id is not None:
        return "assigned"
    return "queued" if position is not None else "unassigned"


def _about_to_route(position: int) -> str:
    return (
        f"A member has capacity: routing gives the queue out in order, and this one is "
        f"at position {position}."
    )


def _why_unrouted(conversation: Conversation) -> str:
    if conversation.bot_active:
        return "The bot handles it; routing starts when the bot or a person hands it on."
    if conversation.assignee_id is not None:
        return "It was given to its handler by a person, not by routing."
    if conversation.team_id is None:
        return "It has no team, so no queue: assign it or give it a team."
    return "It is not waiting for routing."


handling_service = HandlingService()
