"""Who may see which conversation: the one visibility rule of the permission matrix."""

import uuid

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, or_, select

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.models import Conversation, ConversationFollower, TeamMember


def sees_all(subject: Subject) -> bool:
    """Admins and API tokens see all of the account's conversations."""
    return policies.is_admin(subject) or subject.user is None


def visible_to(subject: Subject) -> ColumnElement[bool]:
    """Admins and API tokens see all of the account's conversations; an agent those of
    their teams, assigned to them, or that they follow."""
    user_id = None if sees_all(subject) else subject.user_id
    return visibility(subject.account_id, user_id)


def visibility(
    account_id: uuid.UUID | SQLColumnExpression[uuid.UUID],
    agent_id: uuid.UUID | SQLColumnExpression[uuid.UUID] | None,
) -> ColumnElement[bool]:
    """The rule itself, for an account and, unless everything in it is visible, an agent;
    either may be a bound parameter (statements built once use them) or a column (the
    agents a conversation is visible to, for live fan-out)."""
    in_account = Conversation.account_id == account_id
    if agent_id is None:
        return in_account
    return in_account & or_(
        Conversation.assignee_id == agent_id,
        Conversation.team_id.in_(select(TeamMember.team_id).where(TeamMember.user_id == agent_id)),
        Conversation.id.in_(
            select(ConversationFollower.conversation_id).where(
                ConversationFollower.user_id == agent_id
            )
        ),
    )


def visible_ids(subject: Subject) -> Select[uuid.UUID]:
    return select(Conversation.id).where(visible_to(subject))
