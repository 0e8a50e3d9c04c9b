import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from helpdesk_api.app import API_PREFIX, create_app
from helpdesk_api.settings import Settings
from tests.conftest import client_for
from tests.factories.desk import Desk

PUBLIC = {
    "/auth/signup",
    "/auth/login",
    "/auth/refresh",
    "/auth/logout",
    "/widget/{inbox_key}/sessions",
    "/widget/{inbox_key}/settings",
}


def problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert body["status"] == status
    return body


async def test_unknown_route_is_problem_404(client: httpx.AsyncClient) -> None:
    body = problem(await client.get("/does-not-exist"), 404)
    assert body["type"] == "/problems/not-found"


async def test_wrong_method_is_problem_405(client: httpx.AsyncClient) -> None:
    problem(await client.delete("/auth/login"), 405)


SOME_ID = "0b1d5c4e-8f3a-4d6e-9a2b-7c8d9e0f1a2b"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/me", "GET, PATCH"),
        ("PUT", f"/users/{SOME_ID}", "DELETE, GET, PATCH"),
        ("DELETE", "/conversations", "GET, POST"),
        ("POST", f"/conversations/{SOME_ID}/followers", "GET, PUT"),
        ("GET", "/auth/login", "POST"),
    ],
)
async def test_405_allows_every_method_of_the_path(
    client: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    response = await client.request(method, path)
    problem(response, 405)
    assert response.headers["allow"] == allow


async def test_wrong_method_on_conversations_bulk_is_405_not_an_id(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    headers = desk.tenant.admin.headers
    for method in ("PATCH", "GET"):
        response = await client.request(method, "/conversations/bulk", headers=headers, json={})
        problem(response, 405)
        assert response.headers["allow"] == "POST"
    conversation = await desk.conversation()
    url = f"/conversations/{conversation.id}"
    assert (await client.get(url, headers=headers)).status_code == 200
    patched = await client.patch(url, headers=headers, json={"priority": "high"})
    assert patched.status_code == 200, patched.text
    # A conversation id is a UUID: anything else names no conversation.
    problem(await client.get("/conversations/42", headers=headers), 404)


async def test_malformed_json_is_problem_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    body = problem(response, 422)
    assert body["errors"]


async def test_unhandled_exception_is_problem_500_without_internals(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        body = problem(await client.get("/boom"), 500)
    assert "secret" not in str(body)


async def test_every_staff_endpoint_requires_authentication(app: FastAPI) -> None:
    """401 without a token, and with a malformed one, on every route under /api/v1."""
    operations = [
        (method, path.removeprefix(API_PREFIX))
        for path, item in app.openapi()["paths"].items()
        for method in item
        if path.startswith(API_PREFIX) and path.removeprefix(API_PREFIX) not in PUBLIC
    ]
    assert len(operations) >= 15
    async with client_for(app) as client:
        for method, template in operations:
            path = re.sub(r"\{[a-z_]+\}", lambda _: str(uuid.uuid4()), template)
            for headers in ({}, {"Authorization": "Bearer not-a-token"}):
                response = await client.request(method, path, headers=headers, json={})
                assert response.status_code == 401, (method, template, headers)


async def test_oversized_bodies_are_refused_before_parsing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    big = b'{"email": "' + b"a" * settings.max_body_bytes + b'@example.com", "password": "x"}'
    body = problem(
        await client.post("/auth/login", content=big, headers={"content-type": "application/json"}),
        413,
    )
    assert body["type"] == "/problems/payload-too-large"

    async def trickle() -> AsyncIterator[bytes]:  # no Content-Length: counted as it streams
        for _ in range(settings.max_body_bytes // 65536 + 2):
            yield b" " * 65536

    streamed = await client.post(
        "/auth/login", content=trickle(), headers={"content-type": "application/json"}
    )
    problem(streamed, 413)
