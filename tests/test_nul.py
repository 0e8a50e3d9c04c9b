"""U+0000 anywhere in a request is a 422 naming where it is, and nothing is written."""

import re
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.app import API_PREFIX
from helpdesk_api.models import Account, Contact, Conversation
from tests.factories.attachments import TEXT, upload
from tests.factories.desk import Desk
from tests.factories.staff import Tenant, unique_email
from tests.test_errors import problem
from tests.widget.conftest import Site, make_site, visitor

NUL_TYPE = "string_nul_character"


@pytest.fixture
async def site(sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant) -> Site:
    return await make_site(sessionmaker, tenant)


def nul_locs(response: httpx.Response) -> list[list[object]]:
    """The locations the 422 names as holding U+0000."""
    body = problem(response, 422)
    errors: list[dict[str, Any]] = body["errors"]  # type: ignore[assignment]
    return [e["loc"] for e in errors if e["type"] == NUL_TYPE]


async def count(sessionmaker: async_sessionmaker[AsyncSession], statement: Any) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(statement) or 0)


async def test_signup_with_nul_is_422_and_creates_nothing(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    name = f"Acme {uuid.uuid4().hex}"
    response = await client.post(
        "/auth/signup",
        json={
            "account_name": name + "\x00",
            "name": "Fay\x00",
            "email": unique_email("founder"),
            "password": "long enough",
        },
    )
    assert nul_locs(response) == [["body", "account_name"], ["body", "name"]]
    accounts = select(func.count()).select_from(Account).where(Account.name.startswith(name))
    assert await count(sessionmaker, accounts) == 0


async def test_widget_conversation_with_nul_is_422_and_writes_nothing(
    client: httpx.AsyncClient, site: Site, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    headers = await visitor(client, site.inbox)
    response = await client.post(
        "/widget/conversations", headers=headers, json={"message": "My order\x00 is late"}
    )
    assert nul_locs(response) == [["body", "message"]]
    listed = await client.get("/widget/conversations", headers=headers)
    assert listed.json()["items"] == []
    in_inbox = (
        select(func.count()).select_from(Conversation).where(Conversation.inbox_id == site.inbox.id)
    )
    assert await count(sessionmaker, in_inbox) == 0


async def test_nul_in_a_query_parameter_is_422_naming_it(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get(
        "/conversations", headers=tenant.admin.headers, params={"q": "late\x00", "limit": 5}
    )
    assert nul_locs(response) == [["query", "q"]]


async def test_nul_in_a_path_parameter_is_422_naming_it(client: httpx.AsyncClient) -> None:
    response = await client.post("/widget/key%00/sessions", json={})
    assert nul_locs(response) == [["path", "inbox_key"]]


async def test_nul_in_the_idempotency_key_is_422_and_creates_nothing(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    name = f"Nul {uuid.uuid4().hex}"
    response = await client.post(
        "/contacts",
        headers={**tenant.admin.headers, "Idempotency-Key": "key\x00"},
        json={"name": name},
    )
    assert nul_locs(response) == [["header", "idempotency-key"]]
    contacts = select(func.count()).select_from(Contact).where(Contact.name == name)
    assert await count(sessionmaker, contacts) == 0


async def test_nul_in_free_form_json_is_located_at_any_depth(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    attributes = {"plan": "pro", "nested": {"list": ["ok", "bad\x00"]}, "ke\x00y": 1}
    created = await client.post(
        "/contacts",
        headers=tenant.admin.headers,
        json={"name": "Nina", "custom_attributes": attributes},
    )
    assert sorted(map(str, nul_locs(created))) == sorted(
        map(
            str,
            [
                ["body", "custom_attributes", "nested", "list", 1],
                ["body", "custom_attributes", "ke\x00y", "[key]"],
            ],
        )
    )
    contact = await client.post("/contacts", headers=tenant.admin.headers, json={"name": "Nina"})
    activity = await client.post(
        f"/contacts/{contact.json()['id']}/activities",
        headers=tenant.admin.headers,
        json={"type": "order.placed", "payload": {"items": [{"sku": "A\x00"}]}},
    )
    assert nul_locs(activity) == [["body", "payload", "items", 0, "sku"]]


async def test_nul_in_a_nested_model_is_located_inside_it(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation()
    response = await client.put(
        f"/conversations/{conversation.id}/participants",
        headers=desk.tenant.admin.headers,
        json={"participants": [{"email": "a@example.com", "name": "A\x00"}]},
    )
    assert nul_locs(response) == [["body", "participants", 0, "name"]]


def _string_properties(spec: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return [
        name
        for name, prop in schema.get("properties", {}).items()
        if prop.get("type") == "string"
        or any(alt.get("type") == "string" for alt in prop.get("anyOf", []))
    ]


async def test_every_json_body_refuses_nul_in_each_text_field(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, site: Site
) -> None:
    """Every operation that takes JSON: each string property set to text with U+0000 is
    named in the 422, whatever else is wrong with the body."""
    spec = app.openapi()
    visitor_headers = await visitor(client, site.inbox)
    swept = 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            fields = _string_properties(spec, content["application/json"]["schema"])
            if not fields:
                continue
            url = re.sub(r"\{[a-z_]+\}", lambda _: str(uuid.uuid4()), path)
            if "/widget/" in path and "{inbox_key}" not in path:
                headers = visitor_headers
            else:
                headers = tenant.admin.headers
            response = await client.request(
                method,
                url.removeprefix(API_PREFIX),
                headers=headers,
                json={field: f"x\x00{field}" for field in fields},
            )
            assert response.status_code == 422, (method, path, response.text)
            assert sorted(map(str, nul_locs(response))) == sorted(
                str(["body", field]) for field in fields
            ), (method, path)
            swept += 1
    assert swept >= 15


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/conversations", {"label": "\x00"}),
        ("/contacts", {"q": "\x00"}),
        ("/users", {"role": "agent\x00"}),
        ("/events", {"after": "\x00"}),
        ("/conversations", {"cursor": "abc\x00"}),
    ],
)
async def test_nul_in_any_query_parameter_is_422(
    client: httpx.AsyncClient, tenant: Tenant, path: str, params: dict[str, str]
) -> None:
    response = await client.get(path, headers=tenant.admin.headers, params=params)
    assert nul_locs(response) == [["query", next(iter(params))]]


async def test_nul_in_an_uploaded_file_name_or_type_is_422(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for filename, content_type in (("in\x00voice.txt", "text/plain"), ("a.txt", "text/plain\x00")):
        response = await upload(client, tenant.agent.headers, filename, content_type, TEXT)
        assert nul_locs(response) == [["body", "file"]], (filename, content_type)
