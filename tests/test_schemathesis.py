"""Schemathesis against the whole OpenAPI document: every operation, every check.

No input may answer a server error, a response outside its documented schema, an
undocumented status or an undocumented content type. Staff operations run as an admin
of a fresh account, widget operations as a visitor of its inbox, so they reach past 401.
Deterministic: Hypothesis derandomized, a fixed seed, a bounded number of examples.
"""

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import Case, CheckContext, Response
from schemathesis.config import SchemathesisConfig
from schemathesis.python import asgi
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import Receive, Scope, Send

from helpdesk_api.app import API_PREFIX, create_app
from helpdesk_api.cli import openapi_json
from helpdesk_api.settings import Settings
from tests.factories.attachments import TEXT
from tests.factories.attachments import multipart as make_multipart
from tests.factories.desk import make_desk
from tests.factories.staff import StaffFactory
from tests.widget.conftest import make_site, visitor

MAX_EXAMPLES = 5

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20240501,
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            # The API refuses U+0000 in every string (PostgreSQL cannot store it), as its
            # description says and tests/test_nul.py proves; JSON Schema has no way to
            # say so of each string short of a pattern on every one.
            "allow-x00": False,
            # The test sends the credentials itself (a visitor's or an admin's); the
            # ignored_auth check still sends each request without them, expecting 401.
            "with-security-parameters": False,
            # No example database: every run sends the same requests.
            "database": "none",
        },
        "checks": {
            # 422 also answers schema-valid requests that break a rule JSON Schema cannot
            # state: a reference to no row of the account, a cursor this API did not issue,
            # overlapping working hours. validation_errors_are_documented below still fails
            # a 422 for any constraint the document could have stated.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
            },
            # Seconds: only a hang fails it, not a slow machine.
            "max_response_time": 10,
        },
        "operations": [
            {
                # An upload's bytes must show the signature of the type it claims (and the
                # type be one the account accepts): 415 for the random bytes generated.
                "include-path-regex": "/attachments$",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409", "415", "422"]
                    }
                },
            }
        ],
        "phases": {
            # Stateful runs chain operations through links the document does not declare;
            # the per-operation phases (examples, coverage, fuzzing) run in full.
            "stateful": {"enabled": False},
        },
    }
)


#: Refusals by a rule written in code (a field or model validator), which JSON Schema may
#: not be able to state; every other validation error is of a type or constraint it can.
RULES_IN_CODE = {"value_error", "assertion_error"}


@schemathesis.check
def validation_errors_are_documented(ctx: CheckContext, response: Response, case: Case) -> None:
    """A schema-valid request is never refused for a type or constraint the document omits."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if response.status_code != 422:
        return
    problem = response.json()
    if problem["type"] != "/problems/validation-error":
        return  # a business rule: a service's domain error
    undocumented = [e for e in problem["errors"] if e["type"] not in RULES_IN_CODE]
    if undocumented:
        raise AssertionError(f"Schema-valid input refused by the schema: {undocumented}")


class DeferredApp:
    """The ASGI app schemathesis calls, known at import; the app itself needs the test
    settings, known only to fixtures."""

    app: FastAPI | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "the schemathesis_app fixture sets the app"
        await self.app(scope, receive, send)


DEFERRED = DeferredApp()

# Loaded from the document the app serves (test_openapi keeps the committed copy equal);
# schemathesis' lazy fixture loader does not work with this pytest.
schema = schemathesis.openapi.from_dict(json.loads(openapi_json()), config=CONFIG)
schema.app = DEFERRED


@schema.hook
def map_body(_: Any, body: Any) -> Any:
    """Integral numbers as JSON integers: JSON Schema counts 3.0 as an integer, this API
    (bodies are strict, see test_strict_types) does not; for JSON Schema both are one value."""
    if isinstance(body, float) and body.is_integer() and abs(body) < 2**53:
        return int(body)
    if isinstance(body, dict):
        return {key: map_body(_, value) for key, value in body.items()}
    if isinstance(body, list):
        return [map_body(_, value) for value in body]
    return body


@pytest.fixture(scope="module")
def schemathesis_app(settings: Settings) -> Iterator[None]:
    # Its own Redis prefix: jobs it defers (a snooze's wake-up) stay out of the queue the
    # worker tests drain.
    own = settings.model_copy(update={"redis_prefix": f"{settings.redis_prefix}schemathesis:"})
    DEFERRED.app = create_app(own)
    yield
    asgi.shutdown_lifespans()  # schemathesis runs the app's lifespan in a thread of its own
    DEFERRED.app = None


@dataclass
class World:
    """A fresh account with one row of each kind, for the generated requests to reach."""

    staff: dict[str, str]
    visitor: dict[str, str]
    #: Real ids put in place of generated ones, by path parameter (staff / widget).
    staff_ids: dict[str, str]
    visitor_ids: dict[str, str]

    def prepare(self, case: Case) -> dict[str, str]:
        """Point ``case`` at the rows of this account; returns the headers to send."""
        widget = case.operation.path.startswith(WIDGET_VISITOR_PATHS)
        ids = self.visitor_ids if widget else self.staff_ids
        positive = case.meta is not None and case.meta.generation.mode.is_positive
        for name, value in (case.path_parameters or {}).items():
            # Only in place of a valid value: an invalid one is what the case tests.
            if name in ids and (positive or _is_uuid(value)):
                case.path_parameters[name] = ids[name]
        return self.visitor if widget else self.staff


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


async def _created(client: httpx.AsyncClient, url: str, headers: dict[str, str], **kw: Any) -> str:
    response = await client.post(url, headers=headers, **kw)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return str(body.get("conversation", body)["id"])


@pytest.fixture(scope="module")
async def world(
    staff_factory: StaffFactory, sessionmaker: async_sessionmaker[AsyncSession], app: FastAPI
) -> AsyncIterator[World]:
    tenant = await staff_factory.tenant("Schemathesis")
    desk = await make_desk(sessionmaker, tenant)
    conversation = await desk.conversation()
    site = await make_site(sessionmaker, tenant)
    staff = tenant.admin.headers
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1") as c:
        visitor_headers = await visitor(c, site.inbox)
        body, multipart = make_multipart("note.txt", "text/plain", TEXT)
        staff_ids = {
            "user_id": str(tenant.agent.id),
            "team_id": str(desk.team.id),
            "inbox_id": str(desk.inbox.id),
            "conversation_id": str(conversation.id),
            "contact_id": str(conversation.contact_id),
            "label_id": await _created(c, "/labels", staff, json={"name": "Schemathesis"}),
            "response_id": await _created(
                c, "/canned-responses", staff, json={"shortcut": "hello", "text": "Hello!"}
            ),
            "token_id": await _created(c, "/api-tokens", staff, json={"name": "Schemathesis"}),
            "attachment_id": await _created(c, "/attachments", staff | multipart, content=body),
            "inbox_key": site.inbox.widget_key,
        }
        visitor_ids = {
            "conversation_id": await _created(
                c, "/widget/conversations", visitor_headers, json={"message": "Hello"}
            ),
            "attachment_id": await _created(
                c, "/widget/attachments", visitor_headers | multipart, content=body
            ),
        }
        yield World(staff, visitor_headers, staff_ids, visitor_ids)


WIDGET_VISITOR_PATHS = (f"{API_PREFIX}/widget/conversations", f"{API_PREFIX}/widget/attachments")


@schema.parametrize()
# Generation for the larger bodies is slow and filters much; that is no fault of the API.
@settings(suppress_health_check=list(HealthCheck), deadline=None)
@pytest.mark.usefixtures("schemathesis_app")
def test_api_conforms_to_its_document(case: Case, world: World) -> None:
    case.call_and_validate(headers=world.prepare(case))
