from pydantic import EmailStr, Field

from helpdesk_api.kit.schemas import Schema

Password = Field(min_length=8, max_length=200)


class SignupRequest(Schema):
    account_name: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=200, description="The owner's name.")
    email: EmailStr
    password: str = Password


class LoginRequest(Schema):
    email: EmailStr
    password: str = Field(min_length=1, max_length=200)


class RefreshRequest(Schema):
    refresh_token: str = Field(min_length=1, max_length=200)


class TokenPair(Schema):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
