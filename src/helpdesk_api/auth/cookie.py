"""Browser sessions: the refresh token in an httpOnly, SameSite=Strict cookie.

A browser client asks for it with ``refresh_cookie: true`` at signup or login and then
refreshes and logs out without a body. The access token stays in the page's memory; the
refresh token never reaches script. Two things keep another site from riding the cookie:
``SameSite=Strict`` (the browser does not send it on cross-site requests) and the
``X-Requested-With`` header every cookie-carried call must send (a plain form cannot set a
header, and a cross-origin script that sets one needs a CORS preflight the API refuses).
"""

from fastapi import Request, Response

from helpdesk_api.auth.schemas import TokenPair
from helpdesk_api.errors import NotAuthenticated
from helpdesk_api.settings import Settings

COOKIE = "helpdesk_refresh"
COOKIE_PATH = "/api/v1/auth"
CSRF_HEADER = "X-Requested-With"


def keep_in_cookie(
    response: Response, request: Request, settings: Settings, pair: TokenPair
) -> TokenPair:
    """Move the pair's refresh token into the cookie; the body keeps only the access token."""
    assert pair.refresh_token is not None
    response.set_cookie(
        COOKIE,
        pair.refresh_token,
        max_age=settings.refresh_token_ttl_days * 86400,
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return pair.model_copy(update={"refresh_token": None})


def from_cookie(request: Request) -> str:
    """The refresh token a browser sent, refused without the anti-forgery header."""
    plain = request.cookies.get(COOKIE)
    if not plain:
        raise NotAuthenticated("Send a refresh token, or log in with refresh_cookie.")
    if not request.headers.get(CSRF_HEADER):
        raise NotAuthenticated(f"A refresh by cookie needs the {CSRF_HEADER} header.")
    return plain


def clear(response: Response, request: Request) -> None:
    response.delete_cookie(
        COOKIE,
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
