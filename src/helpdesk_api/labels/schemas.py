import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from helpdesk_api.kit.schemas import Schema

LabelName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Color = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    AfterValidator(str.lower),
    Field(description="`#rrggbb`, stored in lower case.", examples=["#22c55e"]),
]
Description = Annotated[str, Field(max_length=2000)]


class Label(Schema):
    id: uuid.UUID
    name: str
    color: str
    description: str
    created_at: datetime
    updated_at: datetime


class LabelCreate(Schema):
    name: LabelName = Field(description="Unique in the account, ignoring case.")
    color: Color = "#6b7280"
    description: Description = ""


class LabelUpdate(Schema):
    name: LabelName | None = None
    color: Color | None = None
    description: Description | None = None
