"""Browser sessions: the refresh token as an httpOnly, SameSite=Strict cookie."""

import httpx

from tests.factories.staff import PASSWORD, Tenant

CSRF = {"X-Requested-With": "helpdesk"}


async def cookie_login(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post(
        "/auth/login", json={"email": email, "password": PASSWORD, "refresh_cookie": True}
    )


async def test_login_sets_an_http_only_strict_cookie_instead_of_returning_the_token(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await cookie_login(client, tenant.agent.email)
    assert response.status_code == 200, response.text
    assert response.json()["refresh_token"] is None
    header = response.headers["set-cookie"]
    assert header.startswith("helpdesk_refresh=")
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/api/v1/auth", "Max-Age="):
        assert attribute in header
    me = await client.get(
        "/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
    )
    assert me.status_code == 200


async def test_refresh_by_cookie_rotates_it_and_needs_the_anti_forgery_header(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    await cookie_login(client, tenant.agent.email)
    first = client.cookies["helpdesk_refresh"]

    refused = await client.post("/auth/refresh")
    assert refused.status_code == 401
    assert "X-Requested-With" in refused.json()["detail"]

    renewed = await client.post("/auth/refresh", headers=CSRF)
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["refresh_token"] is None
    assert renewed.json()["access_token"]
    assert client.cookies["helpdesk_refresh"] != first

    # The spent cookie coming back (a stolen copy) ends the whole login session.
    client.cookies.set("helpdesk_refresh", first, path="/api/v1/auth")
    assert (await client.post("/auth/refresh", headers=CSRF)).status_code == 401


async def test_refresh_without_body_or_cookie_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/refresh", headers=CSRF)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_logout_by_cookie_revokes_and_clears_it(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    await cookie_login(client, tenant.agent.email)
    token = client.cookies["helpdesk_refresh"]
    assert (await client.post("/auth/logout")).status_code == 401
    response = await client.post("/auth/logout", headers=CSRF)
    assert response.status_code == 204
    assert 'helpdesk_refresh=""' in response.headers["set-cookie"]
    assert "Max-Age=0" in response.headers["set-cookie"]
    refresh = await client.post("/auth/refresh", json={"refresh_token": token})
    assert refresh.status_code == 401


async def test_signup_can_use_the_cookie_too(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/signup",
        json={
            "account_name": "Browser",
            "name": "Bea",
            "email": "bea-cookie@example.com",
            "password": "long enough",
            "refresh_cookie": True,
        },
    )
    assert response.status_code == 201
    assert response.json()["refresh_token"] is None
    assert (await client.post("/auth/refresh", headers=CSRF)).status_code == 200
