import uuid

from fastapi import APIRouter, status

from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SessionDep
from helpdesk_api.kit.pagination import Page
from helpdesk_api.models import RoutingMode
from helpdesk_api.schedules.hours import parse
from helpdesk_api.teams import schemas
from helpdesk_api.teams.service import TeamWithMembers, team_service
from helpdesk_api.users.schemas import UserSummary

router = APIRouter(prefix="/teams", tags=["teams"], responses=problem_responses(401))


def _read(found: TeamWithMembers) -> schemas.Team:
    team = found.team
    return schemas.Team(
        id=team.id,
        name=team.name,
        description=team.description,
        routing_mode=RoutingMode(team.routing_mode),
        working_hours=None if team.working_hours is None else parse(team.working_hours),
        reassign_after_minutes=team.reassign_after_minutes,
        members=[UserSummary.model_validate(u) for u in found.members],
        created_at=team.created_at,
    )


@router.get("")
async def list_teams(
    subject: CurrentSubject, session: SessionDep, page: PageDep
) -> Page[schemas.Team]:
    """Teams of the account with their members. Every role may list them."""
    teams, cursor = await team_service.page(session, subject, page)
    return Page(items=[_read(t) for t in teams], next_cursor=cursor)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(403, 409, 422))
async def create_team(
    data: schemas.TeamCreate, subject: CurrentSubject, session: SessionDep
) -> schemas.Team:
    return _read(await team_service.create(session, subject, data))


@router.get("/{team_id}", responses=problem_responses(404))
async def get_team(
    team_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.Team:
    return _read(await team_service.get(session, subject, team_id))


@router.patch("/{team_id}", responses=problem_responses(403, 404, 409, 422))
async def update_team(
    team_id: uuid.UUID, data: schemas.TeamUpdate, subject: CurrentSubject, session: SessionDep
) -> schemas.Team:
    return _read(await team_service.update(session, subject, team_id, data))


@router.delete(
    "/{team_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 404, 409),
)
async def delete_team(team_id: uuid.UUID, subject: CurrentSubject, session: SessionDep) -> None:
    await team_service.delete(session, subject, team_id)


@router.put("/{team_id}/members", responses=problem_responses(403, 404, 422))
async def replace_team_members(
    team_id: uuid.UUID, data: schemas.TeamMembers, subject: CurrentSubject, session: SessionDep
) -> schemas.Team:
    """Make the team's members exactly these users."""
    return _read(await team_service.replace_members(session, subject, team_id, data.user_ids))
