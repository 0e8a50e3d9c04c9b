import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    AwareDatetime,
    EmailStr,
    Field,
    model_validator,
)

from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import Channel, ConversationStatus, Priority
from helpdesk_api.routing.schemas import Candidate

Text = Annotated[str, Field(max_length=10_000)]


class LinkedItem(Schema):
    """An item elsewhere this conversation is about (a ticket, task, project …)."""

    type: str = Field(min_length=1, max_length=50, examples=["ticket"])
    external_id: str = Field(min_length=1, max_length=200)
    url: AnyHttpUrl | None = None


class ContactBrief(Schema):
    id: uuid.UUID
    name: str | None
    email: str | None
    identifier: str | None


class LabelBrief(Schema):
    id: uuid.UUID
    name: str
    color: str


class _ConversationState(Schema):
    id: uuid.UUID
    number: int = Field(description="Per-account number shown to people (#123).")
    inbox_id: uuid.UUID
    channel: Channel
    status: ConversationStatus
    snoozed_until: datetime | None
    priority: Priority
    handler: Literal["bot", "user", "none"]
    assignee_id: uuid.UUID | None
    team_id: uuid.UUID | None
    subject: str | None
    linked_item: LinkedItem | None
    rating: int | None
    rating_comment: str | None
    last_message_preview: str
    last_activity_at: datetime
    waiting_since: datetime | None
    queued_at: datetime | None = Field(
        description="Waiting in its team's queue since (first come, first served)."
    )
    assigned_at: datetime | None
    contact_read_seq: int = Field(description="The customer has seen messages up to this seq.")
    created_at: datetime
    closed_at: datetime | None


class ConversationSnapshot(_ConversationState):
    """A conversation in event payloads: the same for every receiver."""

    contact_id: uuid.UUID


class Conversation(_ConversationState):
    contact: ContactBrief
    labels: list[LabelBrief]
    last_customer_message_at: datetime | None
    last_staff_message_at: datetime | None
    first_response_at: datetime | None
    unread_count: int = Field(description="Messages after the caller's read marker.")
    following: bool = Field(description="Whether the caller follows this conversation.")
    queue_position: int | None = Field(
        description="Place in its team's queue (1 = next), or null when not waiting."
    )


SortOrder = Literal["last_activity", "created", "waiting", "stream"]


class ConversationFilters(Schema):
    """Filters of ``GET /conversations``; all given ones must hold."""

    status: list[ConversationStatus] = Field(default_factory=list)
    assignee: str | None = Field(
        default=None, description="`me`, `unassigned`, `bot`, or a user id."
    )
    team_id: uuid.UUID | None = None
    inbox_id: uuid.UUID | None = None
    channel: Channel | None = None
    label: str | None = Field(default=None, description="A label's name or id.")
    rating: int | None = Field(default=None, ge=1, le=5)
    unanswered: bool | None = None
    following: bool | None = None
    q: str | None = Field(default=None, max_length=200)
    sort: SortOrder = "last_activity"


class NewContact(Schema):
    email: EmailStr
    name: str | None = Field(default=None, max_length=200)


class ConversationCreate(Schema):
    """A conversation started by staff, e.g. a new e-mail to a customer."""

    inbox_id: uuid.UUID
    contact_id: uuid.UUID | None = None
    contact: NewContact | None = Field(
        default=None, description="Found by e-mail in the account, or created."
    )
    subject: str | None = Field(default=None, max_length=500)
    message: Text | None = Field(default=None, description="A first reply to the customer.")
    team_id: uuid.UUID | None = None
    priority: Priority = Priority.none
    linked_item: LinkedItem | None = None

    @model_validator(mode="after")
    def _one_contact(self) -> "ConversationCreate":
        if (self.contact_id is None) == (self.contact is None):
            raise ValueError("give exactly one of contact_id and contact")
        return self


class ConversationUpdate(Schema):
    priority: Priority | None = None
    subject: str | None = Field(default=None, max_length=500)
    linked_item: LinkedItem | None = Field(default=None, description="null unlinks.")
    snoozed_until: AwareDatetime | None = Field(
        default=None, description="Snoozes the conversation until then."
    )


class StatusChange(Schema):
    status: ConversationStatus
    snoozed_until: AwareDatetime | None = Field(
        default=None, description="Required for snoozed; with a time zone."
    )


class LabelsSet(Schema):
    label_ids: list[uuid.UUID] = Field(max_length=50)


class FollowersSet(Schema):
    user_ids: list[uuid.UUID] = Field(max_length=100)


class Participant(Schema):
    email: EmailStr
    name: str | None = Field(default=None, max_length=200)


class ParticipantsSet(Schema):
    participants: list[Participant] = Field(max_length=50)


class Participants(Schema):
    participants: list[Participant]


class Followers(Schema):
    user_ids: list[uuid.UUID]


class ReadMarker(Schema):
    seq: int | None = Field(default=None, ge=0, description="Read up to here; default: all.")


class ReadState(Schema):
    conversation_id: uuid.UUID
    last_read_seq: int
    unread_count: int


class ContactReadState(Schema):
    """How far the customer has seen a conversation."""

    conversation_id: uuid.UUID
    last_read_seq: int


class TimelineEvent(Schema):
    id: uuid.UUID
    type: str
    actor_type: str
    actor_user_id: uuid.UUID | None
    actor_contact_id: uuid.UUID | None
    data: dict[str, object]
    created_at: datetime


def _non_blank(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("must not be blank")
    return value.strip() if value is not None else None


Note = Annotated[str, Field(min_length=1, max_length=10_000), AfterValidator(_non_blank)]


class _Destination(Schema):
    user_id: uuid.UUID | None = Field(default=None, description="The user who gets it.")
    team_id: uuid.UUID | None = Field(
        default=None, description="The team it goes to (its queue, when no user is given)."
    )


class AssignRequest(_Destination):
    """To a user (in a team or not), to a team's queue, back to the bot (``bot: true``),
    or unassigned (nothing given)."""

    bot: bool = False
    note: Note | None = Field(default=None, description="Shown as an internal note.")
    force: bool = Field(
        default=False,
        description="Admins: assign even beyond capacity or to someone not online.",
    )

    @model_validator(mode="after")
    def _bot_alone(self) -> "AssignRequest":
        if self.bot and self.user_id is not None:
            raise ValueError("give either bot or user_id, not both")
        return self


class TransferRequest(_Destination):
    note: Note = Field(description="Why; shown as an internal note and in the timeline.")

    @model_validator(mode="after")
    def _somewhere(self) -> "TransferRequest":
        if self.user_id is None and self.team_id is None:
            raise ValueError("give user_id or team_id")
        return self


class EscalateRequest(TransferRequest):
    """Up to an admin (``user_id``) or a team; it may raise the priority."""

    priority: Priority | None = Field(default=None, description="Raised to this, never lowered.")


class RoutingExplanation(Schema):
    """The last routing decision about a conversation, and where it stands now."""

    conversation_id: uuid.UUID
    team_id: uuid.UUID | None
    routing_mode: str | None
    outcome: Literal["assigned", "queued", "manual", "none"]
    reason: str
    chosen_user_id: uuid.UUID | None
    candidates: list[Candidate]
    decided_at: datetime | None
    queue_position: int | None = Field(description="Its place in the queue now.")


class HandoverRequest(_Destination):
    """Hand all of a user's open conversations to a colleague or to a team."""

    note: Note = Field(description="Why; shown as an internal note in each conversation.")
    force: bool = Field(default=False, description="Even to a colleague not online.")

    @model_validator(mode="after")
    def _exactly_one(self) -> "HandoverRequest":
        if (self.user_id is None) == (self.team_id is None):
            raise ValueError("give exactly one of user_id and team_id")
        return self


HandoverOutcomeKind = Literal["assigned", "queued", "unassigned"]


class HandoverOutcome(Schema):
    conversation_id: uuid.UUID
    number: int
    outcome: HandoverOutcomeKind
    assignee_id: uuid.UUID | None
    team_id: uuid.UUID | None
    queue_position: int | None


class HandoverResult(Schema):
    user_id: uuid.UUID
    conversations: list[HandoverOutcome]


BulkAction = Literal["status", "add_labels", "remove_labels", "assign", "transfer"]


class BulkRequest(AssignRequest):
    """One action on up to 100 conversations. ``assign`` takes the fields of
    ``POST …/assign`` (``user_id``, ``team_id``, ``bot``, ``note``, ``force``); ``transfer``
    a ``user_id`` or ``team_id`` and a ``note``."""

    conversation_ids: list[uuid.UUID] = Field(min_length=1, max_length=100)
    action: BulkAction
    status: ConversationStatus | None = None
    snoozed_until: AwareDatetime | None = None
    label_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _arguments(self) -> "BulkRequest":
        if self.action == "status" and self.status is None:
            raise ValueError("action 'status' needs status")
        if self.action in ("add_labels", "remove_labels") and not self.label_ids:
            raise ValueError(f"action {self.action!r} needs label_ids")
        if self.action == "transfer":
            if self.user_id is None and self.team_id is None:
                raise ValueError("action 'transfer' needs user_id or team_id")
            if self.note is None or self.bot or self.force:
                raise ValueError("action 'transfer' needs a note, and takes no bot or force")
        return self


class BulkResult(Schema):
    updated: int
