from fastapi import APIRouter

from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import SessionDep
from helpdesk_api.overview import schemas
from helpdesk_api.overview.service import overview_service

router = APIRouter(prefix="/overview", tags=["overview"], responses=problem_responses(401, 403))


@router.get("/agents")
async def get_agents_overview(
    subject: CurrentSubject, session: SessionDep
) -> schemas.AgentsOverview:
    """Each active user's availability, open / waiting / unanswered conversations and
    capacity use, and each team's queue (owner or admin)."""
    return await overview_service.agents(session, subject)


@router.get("/load", responses=problem_responses(401))
async def get_colleague_loads(
    subject: CurrentSubject, session: SessionDep
) -> schemas.ColleagueLoads:
    """Every active colleague's availability and load (open and snoozed conversations
    assigned to them) against their capacity. Every role may read it: whoever transfers or
    escalates a conversation needs it."""
    return await overview_service.loads(session, subject)
