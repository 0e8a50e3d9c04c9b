"""Who is calling: a staff user (access token) or an integration (API token)."""

import uuid
from dataclasses import dataclass

from helpdesk_api.models import ApiToken, Role, User


@dataclass(frozen=True)
class Subject:
    account_id: uuid.UUID
    role: Role
    user: User | None = None
    api_token: ApiToken | None = None

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.user.id if self.user else None

    @property
    def api_token_id(self) -> uuid.UUID | None:
        return self.api_token.id if self.api_token else None

    @classmethod
    def of_user(cls, user: User) -> "Subject":
        return cls(account_id=user.account_id, role=Role(user.role), user=user)

    @classmethod
    def of_api_token(cls, token: ApiToken) -> "Subject":
        return cls(account_id=token.account_id, role=Role(token.role), api_token=token)
