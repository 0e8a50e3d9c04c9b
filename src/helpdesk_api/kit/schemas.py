from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import InitErrorDetails

from helpdesk_api.kit.nul import nul_error, nul_locations


class Schema(BaseModel):
    """Base of request and response models: reads ORM objects, refuses unknown fields.

    Text holding U+0000 is refused wherever it is in the input (a field, a key or value of
    a free-form dict, at any depth), each occurrence located like any validation error.
    """

    model_config = ConfigDict(from_attributes=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        # Only decoded input is a dict; ORM objects and rows (from_attributes) are skipped.
        if isinstance(data, dict):
            errors = [
                InitErrorDetails(type=nul_error(), loc=loc, input=data)
                for loc in nul_locations(data)
            ]
            if errors:
                # pydantic prefixes these with where this model sits in its parent.
                raise ValidationError.from_exception_data(cls.__name__, errors)
        return data
