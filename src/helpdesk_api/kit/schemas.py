from typing import Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError, core_schema


def _no_numbers(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError("datetime_type", "Input should be an ISO 8601 date and time")
    return value


def _strict_scalars(schema: CoreSchema) -> None:
    """Make every bool and int in this model's own core schema strict, and every datetime
    refuse numbers (which pydantic would otherwise read as Unix time)."""
    stack: list[object] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") in ("bool", "int"):
                node["strict"] = True
            elif node.get("type") == "datetime":
                inner = dict(node)
                node.clear()
                node.update(core_schema.no_info_before_validator_function(_no_numbers, inner))
                continue
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


class Schema(BaseModel):
    """Base of request and response models: reads ORM objects, refuses unknown fields.

    Booleans and integers are strict: ``0``, ``"true"``, ``1.0`` or ``"1"`` are not taken
    for ``false``, ``true`` or ``1``; a date and time is a string, never a number. (U+0000
    in a body is refused before a model sees it: ``kit.nul.refuse_nul_in_body``.)
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
