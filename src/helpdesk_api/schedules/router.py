import uuid

from fastapi import APIRouter, status

from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import SessionDep
from helpdesk_api.schedules import schemas
from helpdesk_api.schedules.hours import Hours
from helpdesk_api.schedules.service import schedule_service

router = APIRouter(
    prefix="/schedules", tags=["schedules"], responses=problem_responses(401, 403, 404)
)


@router.get("/{user_id}")
async def get_schedule(
    user_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.Schedule:
    """A user's schedule: their own, or anyone's in the account for owners and admins.

    A user without a schedule answers 404 `schedule-not-found`."""
    return await schedule_service.get(session, subject, user_id)


@router.put("/{user_id}", responses=problem_responses(422))
async def put_schedule(
    user_id: uuid.UUID, data: Hours, subject: CurrentSubject, session: SessionDep
) -> schemas.Schedule:
    """Set a user's working hours (their own, or anyone's for owners and admins).

    From then on the user goes online when the hours open and offline when they close, within
    a minute of each boundary; the new hours are applied within a minute even mid-period. A
    change of availability by hand holds until the next boundary."""
    return await schedule_service.put(session, subject, user_id, data)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_schedule(user_id: uuid.UUID, subject: CurrentSubject, session: SessionDep) -> None:
    """Remove a user's schedule: their availability stays as it is and changes only by hand."""
    await schedule_service.delete(session, subject, user_id)
