"""U+0000 is refused in every request: PostgreSQL cannot store it in text, so it would fail
the query (a 500) instead of the request (a 422 naming where it is).

JSON bodies are checked once per request (:func:`refuse_nul_in_body`, a dependency of
every route), not by each model: the models also build every response, and walking each
of them for a character only input can hold cost more than the rest of a list request.
Query strings, path parameters and headers are checked before routing (:class:`RefuseNul`).
"""

import json
from collections.abc import Iterator

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from helpdesk_api.errors import FieldError, matching_routes, validation_problem

NUL = "\x00"
ERROR_TYPE = "string_nul_character"
MESSAGE = "Text must not contain the NUL character (U+0000)."

Loc = tuple[str | int, ...]


#: How JSON writes U+0000; a raw NUL byte is not valid JSON at all.
_JSON_NUL = b"\\u0000"


async def refuse_nul_in_body(request: Request) -> None:
    """422 naming every place a JSON body holds U+0000 (a string, a key, at any depth).

    Costs a byte search; only a body that has the escape is decoded to locate it.
    """
    media_type = request.headers.get("content-type", "application/json").split(";")[0]
    if not (media_type.endswith("/json") or media_type.endswith("+json")):
        return  # uploads check their own fields; FastAPI takes no other bodies
    body = await request.body()
    if _JSON_NUL not in body:
        return
    try:
        document = json.loads(body)
    except ValueError:
        return  # not JSON: FastAPI answers that itself
    errors = [
        {"loc": ("body", *loc), "msg": MESSAGE, "type": ERROR_TYPE}
        for loc in nul_locations(document)
    ]
    if errors:
        raise RequestValidationError(errors)


def nul_locations(value: object) -> Iterator[Loc]:
    """Where U+0000 occurs in decoded JSON: in strings and object keys, at any depth.

    A key is located as pydantic locates keys: ``(..., key, "[key]")``. Iterative, so a
    deeply nested document cannot exhaust the stack.
    """
    stack: list[tuple[Loc, object]] = [((), value)]
    while stack:
        loc, item = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                yield loc
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                if isinstance(key, str) and NUL in key:
                    yield (*loc, key, "[key]")
                stack.append(((*loc, key), child))
        elif isinstance(item, list | tuple):
            stack.extend(((*loc, i), child) for i, child in reversed(list(enumerate(item))))


class RefuseNul:
    """Answer 422 when a query parameter, a path parameter or a header holds U+0000.

    The common case costs a substring test per part; only a request that has one looks
    further, to name the parameter.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            errors = [
                FieldError(loc=list(loc), msg=MESSAGE, type=ERROR_TYPE) for loc in _located(scope)
            ]
            if errors:
                await validation_problem(errors)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _located(scope: Scope) -> Iterator[Loc]:
    query: bytes = scope.get("query_string", b"")
    if b"%00" in query or NUL.encode() in query:
        for name, value in QueryParams(query).multi_items():
            if NUL in name or NUL in value:
                yield ("query", name)
    if NUL in scope["path"]:
        yield from _path_parameters(scope)
    for name, value in scope.get("headers", []):
        if b"\x00" in value:
            yield ("header", name.decode("latin-1"))


def _path_parameters(scope: Scope) -> Iterator[Loc]:
    """The parameters of the first route this path matches; none when no route does (a 404)."""
    for _, child in matching_routes(scope):
        for name, value in child.get("path_params", {}).items():
            if isinstance(value, str) and NUL in value:
                yield ("path", name)
        return
