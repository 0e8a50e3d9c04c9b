from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """Base of request and response models: reads ORM objects, refuses unknown fields."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")
