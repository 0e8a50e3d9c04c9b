"""Jobs of the schedules domain."""

import logging
from typing import Any

from helpdesk_api.db import session_scope
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.resources import Resources
from helpdesk_api.schedules.service import schedule_service

log = logging.getLogger(__name__)

APPLY_JOB = "schedules.apply"


async def apply_schedules(ctx: dict[str, Any]) -> int:
    """Switch users online or offline at the boundaries of their schedules (every minute)."""
    resources: Resources = ctx["resources"]
    async with session_scope(resources.sessionmaker) as session:
        switched = await schedule_service.apply_due(session, utcnow())
    if switched:
        log.info("schedules switched %d users", switched)
    return switched
