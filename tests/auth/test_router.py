import asyncio

import httpx
import pytest
from fastapi import FastAPI

from helpdesk_api.settings import Settings
from tests.conftest import LOGIN_LIMIT_PER_IP, client_for
from tests.factories.staff import PASSWORD, StaffFactory, Tenant, unique_email


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/auth/login", json={"email": email, "password": password})


async def test_signup_creates_account_and_owner_and_logs_in(client: httpx.AsyncClient) -> None:
    email = unique_email("founder")
    response = await client.post(
        "/auth/signup",
        json={
            "account_name": "Startup",
            "name": "Fay Founder",
            "email": email,
            "password": "long enough",
        },
    )
    assert response.status_code == 201, response.text
    token = response.json()["access_token"]
    me = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["email"] == email
    assert me.json()["role"] == "owner"


async def test_signup_refuses_taken_email_case_insensitively(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.post(
        "/auth/signup",
        json={
            "account_name": "Copy",
            "name": "X",
            "email": tenant.agent.email.upper(),
            "password": "long enough",
        },
    )
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/email-taken"


async def test_signup_rejects_invalid_body(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/signup", json={"account_name": "", "email": "nope"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert {("body", "email"), ("body", "password"), ("body", "account_name")} <= fields


async def test_signup_can_be_disabled(settings: Settings, app: FastAPI) -> None:
    app.state.resources.settings = settings.model_copy(update={"signup_enabled": False})
    try:
        async with client_for(app) as client:
            response = await client.post(
                "/auth/signup",
                json={
                    "account_name": "Nope",
                    "name": "N",
                    "email": unique_email(),
                    "password": "long enough",
                },
            )
    finally:
        app.state.resources.settings = settings
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/signup-disabled"


async def test_login_returns_tokens_that_authenticate(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await login(client, tenant.agent.email.upper())
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0
    me = await client.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["id"] == str(tenant.agent.id)


@pytest.mark.parametrize("password", ["wrong password", ""])
async def test_login_with_wrong_password_is_401(
    client: httpx.AsyncClient, tenant: Tenant, password: str
) -> None:
    response = await login(client, tenant.agent.email, password)
    assert response.status_code == 401 if password else 422


async def test_login_of_unknown_email_is_401(client: httpx.AsyncClient) -> None:
    response = await login(client, unique_email())
    assert response.status_code == 401
    assert response.json()["detail"] == "Wrong e-mail or password."


async def test_invalid_or_expired_access_token_is_401(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory, settings: Settings
) -> None:
    from helpdesk_api.auth.tokens import create_access_token

    expired = create_access_token(
        settings.signing_key(), tenant.agent.id, tenant.account.id, ttl_seconds=-1
    )
    for token in ("garbage", expired, tenant.agent.token + "x"):
        response = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


async def test_refresh_rotates_and_old_token_reuse_revokes_family(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    first = (await login(client, tenant.agent.email)).json()["refresh_token"]
    rotated = await client.post("/auth/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200
    second = rotated.json()["refresh_token"]
    assert second != first

    reuse = await client.post("/auth/refresh", json={"refresh_token": first})
    assert reuse.status_code == 401
    # The reuse revoked the whole family, so the legitimate newest token is dead too.
    after = await client.post("/auth/refresh", json={"refresh_token": second})
    assert after.status_code == 401


async def test_reuse_leaves_other_login_sessions_alone(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    phone = (await login(client, tenant.agent.email)).json()["refresh_token"]
    laptop = (await login(client, tenant.agent.email)).json()["refresh_token"]
    await client.post("/auth/refresh", json={"refresh_token": phone})
    await client.post("/auth/refresh", json={"refresh_token": phone})
    assert (await client.post("/auth/refresh", json={"refresh_token": laptop})).status_code == 200


async def test_concurrent_refreshes_of_one_token_issue_one_pair(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    token = (await login(client, tenant.agent.email)).json()["refresh_token"]
    responses = await asyncio.gather(
        *[client.post("/auth/refresh", json={"refresh_token": token}) for _ in range(8)]
    )
    assert sorted(r.status_code for r in responses) == [200] + [401] * 7


async def test_logout_revokes_refresh_token(client: httpx.AsyncClient, tenant: Tenant) -> None:
    token = (await login(client, tenant.agent.email)).json()["refresh_token"]
    assert (await client.post("/auth/logout", json={"refresh_token": token})).status_code == 204
    assert (await client.post("/auth/refresh", json={"refresh_token": token})).status_code == 401


async def test_refresh_rejects_invalid_body(client: httpx.AsyncClient) -> None:
    assert (await client.post("/auth/refresh", json={"refresh_token": ""})).status_code == 422
    assert (await client.post("/auth/refresh", json={"refresh_token": 7})).status_code == 422
    assert (await client.post("/auth/logout", json={"refresh_token": ""})).status_code == 422


async def test_login_is_rate_limited_per_email_with_retry_after(
    app: FastAPI, tenant: Tenant, settings: Settings
) -> None:
    async with client_for(app) as client:
        statuses = [
            (await login(client, tenant.agent.email, "wrong guess")).status_code
            for _ in range(settings.login_max_attempts_per_email)
        ]
        assert statuses == [401] * settings.login_max_attempts_per_email
        # Even the right password is refused while the window lasts.
        limited = await login(client, tenant.agent.email)
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    assert 0 < int(limited.headers["retry-after"]) <= settings.login_window_seconds
    # Guessing from one address does not lock the real user out from theirs.
    async with client_for(app) as elsewhere:
        assert (await login(elsewhere, tenant.agent.email)).status_code == 200


async def test_failures_from_many_addresses_stop_at_a_ceiling(
    app: FastAPI, tenant: Tenant, settings: Settings
) -> None:
    app.state.resources.settings = settings.model_copy(update={"login_max_failures_per_email": 3})
    try:
        for _ in range(3):
            async with client_for(app) as attacker:
                assert (await login(attacker, tenant.admin.email, "guess")).status_code == 401
        async with client_for(app) as another:
            limited = await login(another, tenant.admin.email, "guess")
    finally:
        app.state.resources.settings = settings
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0


async def test_login_is_rate_limited_per_ip(app: FastAPI, tenant: Tenant) -> None:
    async with client_for(app) as client:
        for _ in range(LOGIN_LIMIT_PER_IP):
            assert (await login(client, unique_email(), "x")).status_code == 401
        limited = await login(client, tenant.agent.email)
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) > 0
    async with client_for(app) as other_address:
        assert (await login(other_address, tenant.agent.email)).status_code == 200


async def test_rate_limit_holds_under_concurrent_attempts(
    app: FastAPI, tenant: Tenant, settings: Settings
) -> None:
    limit = settings.login_max_attempts_per_email
    async with client_for(app) as client:
        responses = await asyncio.gather(
            *[login(client, tenant.admin.email, "wrong") for _ in range(limit + 10)]
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [401] * limit + [429] * 10


async def test_successful_login_resets_the_email_counter(
    client: httpx.AsyncClient, tenant: Tenant, settings: Settings
) -> None:
    for _ in range(settings.login_max_attempts_per_email - 1):
        await login(client, tenant.owner.email, "typo")
    assert (await login(client, tenant.owner.email)).status_code == 200
    assert (await login(client, tenant.owner.email, "typo")).status_code == 401
