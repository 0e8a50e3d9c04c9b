"""Who may see which conversation: the one visibility rule of the permission matrix."""

import uuid

from sqlalchemy import ColumnElement, Select, or_, select

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.models import Conversation, ConversationFollower, TeamMember


def visible_to(subject: Subject) -> ColumnElement[bool]:
    """Admins and API tokens see all of the account's conversations; an agent those of
    their teams, assigned to them, or that they follow."""
    in_account = Conversation.account_id == subject.account_id
    if policies.is_admin(subject) or subject.user is None:
        return in_account
    user_id = subject.user.id
    return in_account & or_(
        Conversation.assignee_id == user_id,
        Conversation.team_id.in_(select(TeamMember.team_id).where(TeamMember.user_id == user_id)),
        Conversation.id.in_(
            select(ConversationFollower.conversation_id).where(
                ConversationFollower.user_id == user_id
            )
        ),
    )


def visible_ids(subject: Subject) -> Select[uuid.UUID]:
    return select(Conversation.id).where(visible_to(subject))
