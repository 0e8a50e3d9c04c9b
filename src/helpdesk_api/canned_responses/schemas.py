import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, computed_field

from helpdesk_api.canned_responses.templates import VARIABLES
from helpdesk_api.kit.schemas import Schema

Shortcut = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^\S+$"),
    Field(description="What agents type to find it; no spaces.", examples=["refund"]),
]
TemplateText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=20000,
        description="Text with variables: " + ", ".join(f"`{{{{{v}}}}}`" for v in VARIABLES),
    ),
]


class CannedResponse(Schema):
    id: uuid.UUID
    shortcut: str
    text: str
    owner_id: uuid.UUID | None = Field(description="The user a personal response belongs to.")
    created_at: datetime
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def shared(self) -> bool:
        """Shared with the whole account (no owner) rather than personal."""
        return self.owner_id is None


class CannedResponseCreate(Schema):
    shortcut: Shortcut
    text: TemplateText
    shared: bool = Field(
        default=False,
        description="true: for the whole account (admins only); false: personal to the "
        "calling user (not available to API tokens).",
    )


class CannedResponseUpdate(Schema):
    shortcut: Shortcut | None = None
    text: TemplateText | None = None


class CannedResponseRender(Schema):
    conversation_id: uuid.UUID = Field(description="A conversation the caller can see.")


class RenderedText(Schema):
    text: str
