"""Keyset pagination: a page is the rows strictly after the cursor in a total order.

The order is ``(sort column, id)`` so ties never skip or repeat rows, and rows inserted
while a client pages through land either before its cursor or on a later page.
"""

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, and_, or_, tuple_
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


@dataclass(frozen=True)
class SortKey:
    """One column (or expression) of a keyset order; the last key must be unique."""

    expression: ColumnElement[Any] | InstrumentedAttribute[Any]
    #: Attribute of a result row holding this key's value.
    attribute: str
    descending: bool = False
    kind: type = str


def after_cursor(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in the order ``keys``.

    Keys of one direction compare as a row (an index range scan); mixed directions
    expand into ``k1 > v1 OR (k1 = v1 AND k2 < v2) …``.
    """
    if len({k.descending for k in keys}) == 1:
        row, after = tuple_(*(k.expression for k in keys)), tuple_(*values)
        return row < after if keys[0].descending else row > after
    clauses = []
    for i, key in enumerate(keys):
        beyond = key.expression < values[i] if key.descending else key.expression > values[i]
        equal_before = [keys[j].expression == values[j] for j in range(i)]
        clauses.append(and_(*equal_before, beyond))
    return or_(*clauses)


def order_by(keys: Sequence[SortKey]) -> list[ColumnElement[Any]]:
    return [k.expression.desc() if k.descending else k.expression.asc() for k in keys]


def page_of(
    rows: Sequence[Any], keys: Sequence[SortKey], limit: int
) -> tuple[list[Any], str | None]:
    """The first ``limit`` rows and the cursor after them (None when nothing follows)."""
    if len(rows) <= limit:
        return list(rows), None
    kept = list(rows[:limit])
    last = kept[-1]
    return kept, encode_cursor([getattr(last, k.attribute) for k in keys])


def cursor_values(params: PageParams, keys: Sequence[SortKey]) -> list[Any] | None:
    if not params.cursor:
        return None
    return _decode_cursor(params.cursor, [k.kind for k in keys])


def sort_keys(
    keys: Sequence[InstrumentedAttribute[Any]], *, descending: bool = False
) -> list[SortKey]:
    return [SortKey(c, c.key, descending, c.type.python_type) for c in keys]


async def paginate(
    session: AsyncSession,
    statement: Select[M],
    keys: Sequence[InstrumentedAttribute[Any]],
    params: PageParams,
    *,
    descending: bool = False,
) -> tuple[list[M], str | None]:
    """Fetch one page of ``statement`` ordered by ``keys`` (the last key must be unique)."""
    sort = sort_keys(keys, descending=descending)
    after = cursor_values(params, sort)
    if after is not None:
        statement = statement.where(after_cursor(sort, after))
    statement = statement.order_by(*order_by(sort)).limit(params.limit + 1)
    rows = (await session.scalars(statement)).all()
    return page_of(rows, sort, params.limit)
