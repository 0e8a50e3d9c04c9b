"""Background jobs of attachments."""

import logging
from datetime import timedelta
from typing import Any

from helpdesk_api.attachments.service import attachment_service
from helpdesk_api.attachments.storage import create_storage
from helpdesk_api.db import session_scope
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.resources import Resources

log = logging.getLogger(__name__)

#: Uploads not sent with a message within this time are deleted.
ORPHAN_AGE = timedelta(hours=24)
BATCH_SIZE = 500


async def purge_orphans(ctx: dict[str, Any]) -> int:
    """``attachments.purge_orphans``: delete uploads never sent with a message after
    ``ORPHAN_AGE``, rows first (committed per batch), then their content. Returns how many."""
    resources: Resources = ctx["resources"]
    storage = create_storage(resources.settings)
    created_before = utcnow() - ORPHAN_AGE
    purged = 0
    while True:
        async with session_scope(resources.sessionmaker) as session:
            keys = await attachment_service.delete_orphans(
                session, created_before, limit=BATCH_SIZE
            )
        for key in keys:
            try:
                await storage.delete(key)
            except OSError:
                log.exception("could not delete the content of attachment %s", key)
        purged += len(keys)
        if len(keys) < BATCH_SIZE:
            break
    log.info("purged %d unsent attachments", purged)
    return purged
