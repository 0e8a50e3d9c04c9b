import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from helpdesk_api.kit.pagination import Page
from helpdesk_api.kit.schemas import Schema
from helpdesk_api.models import TeamChatKind
from helpdesk_api.users.schemas import UserSummary

#: Sequence numbers are stored as 32-bit integers.
MAX_SEQ = 2**31 - 1
MAX_MEMBERS = 1000
MAX_MENTIONS = 100
PREVIEW_LENGTH = 200

Seq = Annotated[int, Field(ge=0, le=MAX_SEQ)]
ChannelName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("text must not be blank")
    return text


class TeamChatMessagePreview(Schema):
    id: uuid.UUID
    seq: int
    author_user_id: uuid.UUID | None
    text: str = Field(description=f"The first {PREVIEW_LENGTH} characters.")
    created_at: datetime


class TeamChatChannel(Schema):
    """A channel as one member sees it: their read marker and unread count."""

    id: uuid.UUID
    kind: TeamChatKind = Field(
        description="`direct`: two users; `all_staff`: every active user of the account; "
        "`group`: members an admin chose."
    )
    name: str | None = Field(description="Null for a direct channel.")
    members: list[UserSummary] = Field(description="By name.")
    last_message_seq: int = Field(description="The newest message's seq; 0 before the first.")
    last_read_seq: int = Field(description="The caller has read the messages up to this seq.")
    unread_count: int
    last_message: TeamChatMessagePreview | None
    created_at: datetime
    last_activity_at: datetime


class TeamChatChannelPage(Page[TeamChatChannel]):
    unread_count: int = Field(description="Unread messages in all of the caller's channels.")


class DirectChannelCreate(Schema):
    """Open the 1:1 channel with a colleague: the existing one if there is one."""

    kind: Literal[TeamChatKind.direct]
    user_id: uuid.UUID = Field(description="An active user of the account, not the caller.")


class GroupChannelCreate(Schema):
    """A custom group (owner or admin); the caller is always a member."""

    kind: Literal[TeamChatKind.group]
    name: ChannelName
    member_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_MEMBERS,
        description="Active users of the account besides the caller.",
    )


TeamChatChannelCreate = Annotated[
    DirectChannelCreate | GroupChannelCreate, Field(discriminator="kind")
]


class TeamChatMessage(Schema):
    id: uuid.UUID
    channel_id: uuid.UUID
    seq: int = Field(description="Position in the channel: 1, 2, 3 …")
    author_user_id: uuid.UUID | None
    text: str
    mentions: list[uuid.UUID] = Field(description="Members the author mentioned.")
    created_at: datetime


class TeamChatMessageCreate(Schema):
    text: Annotated[str, Field(min_length=1, max_length=10_000), AfterValidator(_not_blank)]
    mentions: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_MENTIONS,
        description="Members of the channel to notify; anyone else is refused (422).",
    )


class TeamChatRead(Schema):
    seq: Seq | None = Field(default=None, description="Read up to here; default: everything.")


class TeamChatReadState(Schema):
    channel_id: uuid.UUID
    last_read_seq: int = Field(description="Only ever moves forward.")
    unread_count: int
