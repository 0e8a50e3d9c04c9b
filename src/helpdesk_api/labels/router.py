import uuid

from fastapi import APIRouter, status

from helpdesk_api.auth.dependencies import CurrentSubject
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SessionDep
from helpdesk_api.kit.pagination import Page
from helpdesk_api.labels import schemas
from helpdesk_api.labels.service import label_service

router = APIRouter(prefix="/labels", tags=["labels"], responses=problem_responses(401))


@router.get("")
async def list_labels(
    subject: CurrentSubject, session: SessionDep, page: PageDep
) -> Page[schemas.Label]:
    """The account's labels by name. Every role may list them."""
    labels, cursor = await label_service.page(session, subject, page)
    return Page(items=[schemas.Label.model_validate(x) for x in labels], next_cursor=cursor)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(403, 409, 422))
async def create_label(
    data: schemas.LabelCreate, subject: CurrentSubject, session: SessionDep
) -> schemas.Label:
    """Add a label to the catalogue (admin)."""
    return schemas.Label.model_validate(await label_service.create(session, subject, data))


@router.get("/{label_id}", responses=problem_responses(404))
async def get_label(
    label_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.Label:
    return schemas.Label.model_validate(await label_service.get(session, subject, label_id))


@router.patch("/{label_id}", responses=problem_responses(403, 404, 409, 422))
async def update_label(
    label_id: uuid.UUID, data: schemas.LabelUpdate, subject: CurrentSubject, session: SessionDep
) -> schemas.Label:
    """Rename, recolour or describe a label (admin)."""
    label = await label_service.update(session, subject, label_id, data)
    return schemas.Label.model_validate(label)


@router.delete(
    "/{label_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(403, 404)
)
async def delete_label(label_id: uuid.UUID, subject: CurrentSubject, session: SessionDep) -> None:
    """Delete a label (admin); it is removed from every conversation that carried it."""
    await label_service.delete(session, subject, label_id)
