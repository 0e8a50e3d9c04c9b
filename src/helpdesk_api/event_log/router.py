from typing import Annotated

from fastapi import APIRouter, Query

from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.event_log import service
from helpdesk_api.event_log.schemas import EventPage
from helpdesk_api.kit.dependencies import SessionDep

router = APIRouter(prefix="/events", tags=["events"], responses=problem_responses(401, 410, 422))


@router.get("")
async def replay_events(
    subject: CurrentSubject,
    session: SessionDep,
    after: Annotated[int, Query(ge=0, description="The last seq the client has.")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> EventPage:
    """The account's events after ``after`` that the caller may see, in ``seq`` order.

    Events are kept for ``HELPDESK_EVENT_RETENTION_DAYS``: a cursor from before that gets
    410 ``resync-required`` (reload, then resume from the seq it names), never a gap."""
    return await service.replay(session, subject, after, limit)
