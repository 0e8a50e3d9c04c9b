"""Changing a user's availability: the one place that does, so that every change is told.

Its ``user.updated`` event, durable like every state change, lets routing drain the
user's team queues when they come online. (Presence on the websocket — connected or
not — is realtime's own, ephemeral signal.)
"""

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api import events
from helpdesk_api.events import EventType
from helpdesk_api.models import Availability, User


def set_availability(
    session: AsyncSession, user: User, availability: Availability, *, by: str
) -> bool:
    """Set ``user``'s availability; ``by`` says who changed it (``user``, ``admin``,
    ``schedule``, ``deactivation``). False when nothing changed."""
    if user.availability == availability.value:
        return False
    user.availability = availability.value
    events.record(
        session,
        user.account_id,
        EventType.user_updated,
        {"user_id": str(user.id), "availability": availability.value, "by": by},
    )
    return True
