from typing import Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, ValidationError, model_validator
from pydantic_core import CoreSchema, InitErrorDetails

from helpdesk_api.kit.nul import nul_error, nul_locations


def _strict_scalars(schema: CoreSchema) -> None:
    """Make every bool and int in this model's own core schema strict."""
    stack: list[object] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") in ("bool", "int"):
                node["strict"] = True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


class Schema(BaseModel):
    """Base of request and response models: reads ORM objects, refuses unknown fields.

    Booleans and integers are strict: ``0``, ``"true"``, ``1.0`` or ``"1"`` are not taken
    for ``false``, ``true`` or ``1``. Text holding U+0000 is refused wherever it is in the
    input (a field, a key or value of a free-form dict, at any depth), each occurrence
    located like any validation error.
    """

    model_config = ConfigDict(from_attributes=True, extra="forbid")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        # Not `strict=True` in the config: FastAPI validates bodies in python mode, where
        # strict would refuse the strings JSON carries UUIDs, datetimes and enums in.
        schema = handler(source)
        _strict_scalars(schema)
        return schema

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
