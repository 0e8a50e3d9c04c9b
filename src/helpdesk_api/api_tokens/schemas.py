import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Role


class ApiToken(Schema):
    id: uuid.UUID
    name: str
    role: Role
    prefix: str = Field(description="The first characters of the token, to recognise it.")
    created_by_id: uuid.UUID | None
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreated(ApiToken):
    token: str = Field(description="The secret. Shown only in this response.")


class ApiTokenCreate(Schema):
    name: str = Field(min_length=1, max_length=200)
    role: Literal[Role.admin, Role.agent] = Field(
        default=Role.agent,
        description="What the integration may change: `admin` also manages users, teams, "
        "inboxes and labels; `agent` works conversations and contacts only. Either way a "
        "token reads every conversation of the account (it belongs to no team).",
    )
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)
