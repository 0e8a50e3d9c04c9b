"""ORM models, one module per table; importing this package registers them all."""

from helpdesk_api.models.account import Account
from helpdesk_api.models.api_token import ApiToken
from helpdesk_api.models.base import Base
from helpdesk_api.models.canned_response import CannedResponse
from helpdesk_api.models.contact import Contact, ContactActivity
from helpdesk_api.models.conversation import (
    Conversation,
    ConversationCounter,
    ConversationFollower,
    ConversationParticipant,
    ConversationRead,
)
from helpdesk_api.models.conversation_event import ConversationEvent
from helpdesk_api.models.enums import (
    CUSTOMER_VISIBLE_KINDS,
    Channel,
    ConversationStatus,
    DeliveryStatus,
    FactKind,
    MessageKind,
    Priority,
    SenderType,
)
from helpdesk_api.models.event import Event
from helpdesk_api.models.idempotency_key import IdempotencyKey
from helpdesk_api.models.inbox import Inbox
from helpdesk_api.models.label import ConversationLabel, Label
from helpdesk_api.models.message import Attachment, Message
from helpdesk_api.models.notification import Notification
from helpdesk_api.models.refresh_token import RefreshToken
from helpdesk_api.models.report_fact import ReportFact
from helpdesk_api.models.routing_decision import RoutingDecision
from helpdesk_api.models.schedule import Schedule
from helpdesk_api.models.team import RoutingMode, Team, TeamMember
from helpdesk_api.models.team_chat import (
    TeamChatChannel,
    TeamChatKind,
    TeamChatMember,
    TeamChatMessage,
)
from helpdesk_api.models.user import Availability, Role, User

__all__ = [
    "CUSTOMER_VISIBLE_KINDS",
    "Account",
    "ApiToken",
    "Attachment",
    "Availability",
    "Base",
    "CannedResponse",
    "Channel",
    "Contact",
    "ContactActivity",
    "Conversation",
    "ConversationCounter",
    "ConversationEvent",
    "ConversationFollower",
    "ConversationLabel",
    "ConversationParticipant",
    "ConversationRead",
    "ConversationStatus",
    "DeliveryStatus",
    "Event",
    "FactKind",
    "IdempotencyKey",
    "Inbox",
    "Label",
    "Message",
    "MessageKind",
    "Notification",
    "Priority",
    "RefreshToken",
    "ReportFact",
    "Role",
    "RoutingDecision",
    "RoutingMode",
    "Schedule",
    "SenderType",
    "Team",
    "TeamChatChannel",
    "TeamChatKind",
    "TeamChatMember",
    "TeamChatMessage",
    "TeamMember",
    "User",
]
