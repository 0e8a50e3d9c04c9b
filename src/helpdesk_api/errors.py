"""Domain errors and their single rendering as RFC 9457 ``application/problem+json``.

Every 4xx/5xx the service answers — our own errors, request validation, unknown routes,
wrong methods and unhandled exceptions — leaves through :func:`problem_response`.
"""

import logging
from collections.abc import Iterator, Mapping, MutableMapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the error is, e.g. ['body', 'email'].")
    msg: str
    type: str


class Problem(BaseModel):
    """The one error shape of the API."""

    type: str = Field(description="A URI reference naming the kind of problem.")
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] = Field(default_factory=list)


class HelpdeskError(Exception):
    """Base of every domain error; subclasses set status, slug and title."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"
    #: True when what the operation wrote before failing must still be committed.
    keeps_changes: bool = False

    def __init__(self, detail: str | None = None, *, errors: list[FieldError] | None = None):
        super().__init__(detail or self.title)
        self.detail = detail
        self.errors = errors or []

    def headers(self) -> dict[str, str]:
        return {}


class NotAuthenticated(HelpdeskError):
    status, slug, title = 401, "not-authenticated", "Authentication required"

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class PermissionDenied(HelpdeskError):
    status, slug, title = 403, "permission-denied", "Permission denied"


class NotFound(HelpdeskError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(HelpdeskError):
    status, slug, title = 409, "conflict", "Conflict"


class InvalidRequest(HelpdeskError):
    """A well-formed request that breaks a business rule about its content."""

    status, slug, title = 422, "invalid-request", "Invalid request"


class PayloadTooLarge(HelpdeskError):
    status, slug, title = 413, "payload-too-large", "Payload too large"


class RateLimited(HelpdeskError):
    status, slug, title = 429, "rate-limited", "Too many requests"

    def __init__(self, retry_after: int, detail: str | None = None):
        super().__init__(detail)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


def problem_type(slug: str) -> str:
    return f"/problems/{slug}"


def problem_of(error: HelpdeskError) -> dict[str, Any]:
    """A domain error as the body's essentials, for answers that are not HTTP responses
    (socket acks and refusals)."""
    return {"type": problem_type(error.slug), "title": error.title, "detail": error.detail}


def problem_response(
    status: int,
    slug: str,
    title: str,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=problem_type(slug), title=title, status=status, detail=detail, errors=errors or []
    )
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _status_slug(status: int) -> tuple[str, str]:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return phrase.lower().replace(" ", "-").replace("'", ""), phrase


async def _on_domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HelpdeskError)
    return problem_response(
        exc.status, exc.slug, exc.title, exc.detail, exc.errors, headers=exc.headers()
    )


def validation_problem(errors: list[FieldError]) -> JSONResponse:
    """The 422 of a request that does not match its schema, naming each field at fault."""
    return problem_response(
        422, "validation-error", "Invalid request", "The request does not match its schema.", errors
    )


async def _on_validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return validation_problem(
        [
            FieldError(
                loc=[str(p) if not isinstance(p, int) else p for p in e["loc"]],
                msg=e["msg"],
                type=e["type"],
            )
            for e in exc.errors()
        ]
    )


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    known = _DOMAIN_BY_STATUS.get(exc.status_code)
    slug, title = (known.slug, known.title) if known else _status_slug(exc.status_code)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
    return problem_response(exc.status_code, slug, title, detail, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on this path (the router names only the first's)."""
    methods: set[str] = set()
    for route, _ in matching_routes(request.scope):
        methods |= route.methods or set()
    return sorted(methods)


def matching_routes(scope: MutableMapping[str, Any]) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The app's routes whose path matches the request's, whatever its method, in routing
    order, each with the scope it would add (``path_params``)."""
    for route in iter_route_contexts(scope["app"].router.routes):
        match, child = route.matches(scope)
        if match is not Match.NONE:
            yield route, child


# Statuses the framework raises that a domain error also names: one problem type for both.
_DOMAIN_BY_STATUS: dict[int, type[HelpdeskError]] = {413: PayloadTooLarge}


async def _on_unhandled(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500, "internal-error", "Internal server error", "An unexpected error occurred."
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HelpdeskError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, _on_unhandled)


PROBLEM_REF = "#/components/schemas/Problem"


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting the problem shape for these statuses."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}},
        }
        for status in statuses
    }


#: Methods whose requests may carry a body, hence meet the body limit (413).
_BODY_METHODS = frozenset({"post", "put", "patch", "delete"})


def document_problems(openapi: dict[str, Any]) -> dict[str, Any]:
    """Make the document say what the server answers on errors, and where.

    Every 4xx/5xx response becomes the Problem schema as ``application/problem+json``
    (FastAPI documents its validation errors as ``application/json`` HTTPValidationError,
    which this API never sends). The errors any operation of its kind may answer are
    added: 422 to every one (a request that does not match, or holds U+0000 anywhere),
    401 to those that take a token, 400 to those that read a body and 413 to those that
    may carry one. Route-specific errors stay with their routes (``problem_responses``).
    """
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}), Problem=problem)
    openapi["components"]["schemas"] = dict(sorted(schemas.items()))
    for item in openapi.get("paths", {}).values():
        for method, operation in item.items():
            responses: dict[str, Any] = operation.setdefault("responses", {})
            common = {422}
            if operation.get("security"):
                common.add(401)
            if "requestBody" in operation:
                common.add(400)
            if "requestBody" in operation or method in _BODY_METHODS:
                common.add(413)
            for status in common:
                responses.setdefault(str(status), {"description": HTTPStatus(status).phrase})
            for code, response in responses.items():
                if code[0] in "45":
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}}
            operation["responses"] = dict(sorted(responses.items()))
    return openapi
