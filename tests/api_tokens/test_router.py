import httpx

from tests.factories.staff import Tenant


async def create_token(client: httpx.AsyncClient, tenant: Tenant, **body: object) -> dict[str, str]:
    response = await client.post(
        "/api-tokens", headers=tenant.admin.headers, json={"name": "CRM sync"} | body
    )
    assert response.status_code == 201, response.text
    result: dict[str, str] = response.json()
    return result


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_token_is_shown_once_and_authenticates_with_its_role(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    created = await create_token(client, tenant, role="agent")
    assert created["token"].startswith(created["prefix"])
    listed = await client.get("/api-tokens", headers=tenant.admin.headers)
    [item] = listed.json()["items"]
    assert "token" not in item
    # An agent-role token may read colleagues but not manage them.
    assert (await client.get("/users", headers=bearer(created["token"]))).status_code == 200
    create = await client.post(
        "/teams", headers=bearer(created["token"]), json={"name": "Integration team"}
    )
    assert create.status_code == 403


async def test_admin_role_token_can_manage(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await create_token(client, tenant, role="admin")
    response = await client.post("/teams", headers=bearer(created["token"]), json={"name": "Ops"})
    assert response.status_code == 201
    used = (await client.get("/api-tokens", headers=tenant.admin.headers)).json()["items"][0]
    assert used["last_used_at"] is not None


async def test_revoked_token_stops_working(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await create_token(client, tenant)
    assert (await client.get("/users", headers=bearer(created["token"]))).status_code == 200
    revoke = await client.delete(f"/api-tokens/{created['id']}", headers=tenant.admin.headers)
    assert revoke.status_code == 204
    assert (await client.get("/users", headers=bearer(created["token"]))).status_code == 401
    assert (await client.get("/api-tokens", headers=tenant.admin.headers)).json()["items"] == []
    everything = await client.get(
        "/api-tokens", headers=tenant.admin.headers, params={"include_revoked": "true"}
    )
    assert everything.json()["items"][0]["revoked_at"] is not None


async def test_agents_cannot_see_or_make_tokens(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await create_token(client, tenant)
    headers = tenant.agent.headers
    assert (await client.get("/api-tokens", headers=headers)).status_code == 403
    assert (
        await client.post("/api-tokens", headers=headers, json={"name": "x"})
    ).status_code == 403
    revoke = await client.delete(f"/api-tokens/{created['id']}", headers=headers)
    assert revoke.status_code == 403


async def test_token_bodies_are_validated(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for body in ({"name": ""}, {"name": "x", "role": "owner"}, {"name": "x", "expires_in_days": 0}):
        response = await client.post("/api-tokens", headers=tenant.admin.headers, json=body)
        assert response.status_code == 422, body


async def test_tokens_of_another_account_are_404(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = await create_token(client, other_tenant)
    response = await client.delete(f"/api-tokens/{theirs['id']}", headers=tenant.owner.headers)
    assert response.status_code == 404
    assert (await client.get("/users", headers=bearer(theirs["token"]))).status_code == 200
    # And a token only ever sees its own account.
    ids = {
        u["id"]
        for u in (await client.get("/users", headers=bearer(theirs["token"]))).json()["items"]
    }
    assert str(tenant.agent.id) not in ids


async def test_tokens_cannot_mint_tokens_and_die_with_their_creator(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    created = await create_token(client, tenant, role="admin")
    minted = await client.post(
        "/api-tokens", headers=bearer(created["token"]), json={"name": "copy", "role": "admin"}
    )
    assert minted.status_code == 403
    assert (await client.get("/users", headers=bearer(created["token"]))).status_code == 200
    gone = await client.delete(f"/users/{tenant.admin.id}", headers=tenant.owner.headers)
    assert gone.status_code == 200
    assert (await client.get("/users", headers=bearer(created["token"]))).status_code == 401
