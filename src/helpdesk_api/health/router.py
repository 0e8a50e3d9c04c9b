from fastapi import APIRouter

from helpdesk_api.errors import problem_responses
from helpdesk_api.health import service
from helpdesk_api.kit.dependencies import ResourcesDep
from helpdesk_api.kit.schemas import Schema

router = APIRouter(tags=["health"])


class Health(Schema):
    status: str
    checks: dict[str, str] = {}


@router.get("/healthz")
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", responses=problem_responses(503))
async def readyz(resources: ResourcesDep) -> Health:
    """PostgreSQL and Redis both answer."""
    return Health(status="ok", checks=await service.check(resources))
