from pydantic import EmailStr, Field

from helpdesk_api.kit.schemas import Schema

Password = Field(min_length=8, max_length=200)


RefreshCookie = Field(
    default=False,
    description="For browsers: set the refresh token as an httpOnly, SameSite=Strict cookie "
    "instead of returning it. Refresh and log out then send no body, with the "
    "`X-Requested-With` header.",
)


class SignupRequest(Schema):
    account_name: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=200, description="The owner's name.")
    email: EmailStr
    password: str = Password
    refresh_cookie: bool = RefreshCookie


class LoginRequest(Schema):
    email: EmailStr
    password: str = Field(min_length=1, max_length=200)
    refresh_cookie: bool = RefreshCookie


class RefreshRequest(Schema):
    refresh_token: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Left out by browsers, whose refresh token is in the cookie.",
    )


class TokenPair(Schema):
    access_token: str
    refresh_token: str | None = Field(
        description="Null when the refresh token was set as a cookie (`refresh_cookie`)."
    )
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
