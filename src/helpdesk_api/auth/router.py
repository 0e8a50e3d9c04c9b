from fastapi import APIRouter, Request, status

from helpdesk_api.auth.schemas import LoginRequest, RefreshRequest, SignupRequest, TokenPair
from helpdesk_api.auth.service import auth_service
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import RedisDep, SessionDep, SettingsDep

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 409, 422),
)
async def signup(data: SignupRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Create an account and its owner, and log the owner in."""
    return await auth_service.signup(session, settings, data)


@router.post("/login", responses=problem_responses(401, 422, 429))
async def login(
    data: LoginRequest,
    request: Request,
    session: SessionDep,
    redis: RedisDep,
    settings: SettingsDep,
) -> TokenPair:
    """Exchange e-mail and password for tokens. Rate limited per e-mail and client IP."""
    client_ip = request.client.host if request.client else "unknown"
    return await auth_service.login(session, redis, settings, data, client_ip)


@router.post("/refresh", responses=problem_responses(401, 422))
async def refresh(data: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Rotate a refresh token. Reusing a rotated one revokes the whole login session."""
    return await auth_service.refresh(session, settings, data.refresh_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(422))
async def logout(data: RefreshRequest, session: SessionDep) -> None:
    """Revoke the login session of this refresh token."""
    await auth_service.logout(session, data.refresh_token)
