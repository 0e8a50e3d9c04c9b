"""Jobs of the conversations domain."""

import logging
from typing import Any

from helpdesk_api.conversations import status
from helpdesk_api.db import session_scope
from helpdesk_api.resources import Resources

log = logging.getLogger(__name__)


async def wake_snoozed(ctx: dict[str, Any]) -> int:
    """Reopen snoozed conversations whose time has come (queued per snooze, and swept
    every minute so a lost job only delays a wake-up)."""
    resources: Resources = ctx["resources"]
    async with session_scope(resources.sessionmaker) as session:
        woken = await status.wake_due(session)
    if woken:
        log.info("woke %d snoozed conversations", woken)
    return woken
