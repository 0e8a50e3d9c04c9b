"""Keyset pagination: a page is the rows strictly after the cursor in a total order.

The order is ``(sort column, id)`` so ties never skip or repeat rows, and rows inserted
while a client pages through land either before its cursor or on a later page.
"""

import base64
import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from helpdesk_api.errors import FieldError, InvalidRequest

MAX_LIMIT = 100


class PageParams(BaseModel):
    cursor: str | None = None
    limit: int = 50


T = TypeVar("T")
M = TypeVar("M")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else str(v) for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, kinds: Sequence[type]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded))
        if not isinstance(raw, list) or len(raw) != len(kinds):
            raise ValueError(cursor)
        return [_parse(kind, value) for kind, value in zip(kinds, raw, strict=True)]
    except (ValueError, TypeError) as exc:
        raise InvalidRequest(
            "The cursor is not one this API issued.",
            errors=[FieldError(loc=["query", "cursor"], msg="invalid cursor", type="cursor")],
        ) from exc


def _parse(kind: type, value: Any) -> Any:
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    return kind(value)


async def paginate(
    session: AsyncSession,
    statement: Select[M],
    keys: Sequence[InstrumentedAttribute[Any]],
    params: PageParams,
    *,
    descending: bool = False,
) -> tuple[list[M], str | None]:
    """Fetch one page of ``statement`` ordered by ``keys`` (the last key must be unique)."""
    columns = list(keys)
    if params.cursor:
        kinds = [column.type.python_type for column in columns]
        after = _decode_cursor(params.cursor, kinds)
        row = tuple_(*columns)
        statement = statement.where(row < tuple_(*after) if descending else row > tuple_(*after))
    order = [c.desc() if descending else c.asc() for c in columns]
    rows = list((await session.scalars(statement.order_by(*order).limit(params.limit + 1))).all())
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    last = rows[-1]
    return rows, encode_cursor([getattr(last, c.key) for c in columns])
