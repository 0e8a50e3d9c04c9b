from fastapi import APIRouter, Request, Response, status

from helpdesk_api.auth import cookie
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
async def signup(
    data: SignupRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenPair:
    """Create an account and its owner, and log the owner in."""
    pair = await auth_service.signup(session, settings, data)
    if data.refresh_cookie:
        return cookie.keep_in_cookie(response, request, settings, pair)
    return pair


@router.post("/login", responses=problem_responses(401, 422, 429))
async def login(
    data: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    redis: RedisDep,
    settings: SettingsDep,
) -> TokenPair:
    """Exchange e-mail and password for tokens. Rate limited per e-mail and client IP."""
    client_ip = request.client.host if request.client else "unknown"
    pair = await auth_service.login(session, redis, settings, data, client_ip)
    if data.refresh_cookie:
        return cookie.keep_in_cookie(response, request, settings, pair)
    return pair


@router.post("/refresh", responses=problem_responses(401, 422))
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    data: RefreshRequest | None = None,
) -> TokenPair:
    """Rotate a refresh token. Reusing a rotated one revokes the whole login session.

    Without a token in the body, the browser's cookie is used and rotated in place.
    """
    if data is not None and data.refresh_token is not None:
        return await auth_service.refresh(session, settings, data.refresh_token)
    pair = await auth_service.refresh(session, settings, cookie.from_cookie(request))
    return cookie.keep_in_cookie(response, request, settings, pair)


@router.post(
    "/logout", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(401, 422)
)
async def logout(
    request: Request,
    response: Response,
    session: SessionDep,
    data: RefreshRequest | None = None,
) -> None:
    """Revoke the login session of this refresh token (or the browser's cookie), and clear
    the cookie."""
    if data is not None and data.refresh_token is not None:
        await auth_service.logout(session, data.refresh_token)
        return
    await auth_service.logout(session, cookie.from_cookie(request))
    cookie.clear(response, request)
