"""What the widget shows before anyone writes, and where it may be embedded: both read
with the public inbox key only."""

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.inboxes.repository import InboxRepository
from helpdesk_api.inboxes.service import get_by_widget_key
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Inbox, Team
from helpdesk_api.schedules.hours import closed_since
from helpdesk_api.settings import Settings
from helpdesk_api.widget import schemas


async def widget_settings(session: AsyncSession, widget_key: str) -> schemas.WidgetSettings:
    """The inbox's look and greeting, and whether it is open now: away while its own or
    its default team's working hours are closed, as the away message is sent."""
    inbox = await get_by_widget_key(session, widget_key)
    team = await session.get(Team, inbox.default_team_id) if inbox.default_team_id else None
    hours = [inbox.working_hours, team.working_hours if team else None]
    return schemas.WidgetSettings(
        name=inbox.name,
        greeting=inbox.greeting,
        color=inbox.widget_color,
        position=inbox.widget_position,
        language=inbox.widget_language,
        open_now=closed_since(hours, utcnow()) is None,
        away_message=inbox.away_message,
    )


async def page_policy(session: AsyncSession, settings: Settings, widget_key: str) -> str | None:
    """The ``Content-Security-Policy`` of the widget's page for this inbox key; None when
    no active inbox has it (the page is not served)."""
    inbox = await InboxRepository(session).active_by_widget_key(widget_key) if widget_key else None
    return frame_ancestors(inbox, settings) if inbox is not None else None


def frame_ancestors(inbox: Inbox, settings: Settings) -> str:
    """The widget page's ``frame-ancestors``: the inbox's origins, the deployment's own
    (``HELPDESK_CORS_ORIGINS``) and itself; any site when the inbox names none."""
    if not inbox.widget_origins:
        return "frame-ancestors *"
    sources = dict.fromkeys(["'self'", *inbox.widget_origins, *settings.cors_origins])
    return "frame-ancestors " + " ".join(sources)
