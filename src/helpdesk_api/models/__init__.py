"""ORM models, one module per table; importing this package registers them all."""

from helpdesk_api.models.account import Account
from helpdesk_api.models.api_token import ApiToken
from helpdesk_api.models.base import Base
from helpdesk_api.models.refresh_token import RefreshToken
from helpdesk_api.models.team import RoutingMode, Team, TeamMember
from helpdesk_api.models.user import Availability, Role, User

__all__ = [
    "Account",
    "ApiToken",
    "Availability",
    "Base",
    "RefreshToken",
    "Role",
    "RoutingMode",
    "Team",
    "TeamMember",
    "User",
]
