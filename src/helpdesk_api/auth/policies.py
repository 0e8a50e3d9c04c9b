"""The permission matrix: "may this subject do that?" answered in one place."""

import uuid

from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import PermissionDenied
from helpdesk_api.models import Role

_ADMINS = {Role.owner, Role.admin}


def is_admin(subject: Subject) -> bool:
    return subject.role in _ADMINS


def require_admin(subject: Subject) -> None:
    """Managing users, teams, inboxes, labels, bot, automations, webhooks and API tokens."""
    if not is_admin(subject):
        raise PermissionDenied("Only an owner or an admin may do this.")


def require_owner(subject: Subject) -> None:
    """Account settings, billing and ownership transfer."""
    if subject.role is not Role.owner or subject.user is None:
        raise PermissionDenied("Only the account owner may do this.")


def require_supervisor(subject: Subject) -> None:
    """Monitoring a conversation live and whispering to its agent: owners and admins."""
    if not is_admin(subject) or subject.user is None:
        raise PermissionDenied("Only an owner or an admin may monitor or whisper.")


def require_user(subject: Subject) -> None:
    """Personal resources (profile, preferences) exist only for staff users."""
    if subject.user is None:
        raise PermissionDenied("An API token has no personal profile; use a user's token.")


def require_person(subject: Subject) -> uuid.UUID:
    """Team chat is between staff members; an integration's API token takes no part.
    Returns the user's id."""
    if subject.user is None:
        raise PermissionDenied("Team chat is for people: use a user's token, not an API token.")
    return subject.user.id


def require_self_or_admin(subject: Subject, user_id: uuid.UUID) -> None:
    """A user's own settings (their schedule): that user, or an owner or admin."""
    if subject.user_id != user_id and not is_admin(subject):
        raise PermissionDenied("Only this user or an owner or admin may do this.")
