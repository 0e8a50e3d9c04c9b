import asyncio
import uuid

import httpx
import pytest

from tests.auth.test_router import login
from tests.factories.staff import PASSWORD, StaffFactory, Tenant, unique_email


def new_user(**overrides: object) -> dict[str, object]:
    return {"email": unique_email(), "name": "New Person", "password": "long enough"} | overrides


async def test_me_returns_the_caller_with_preferences(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get("/me", headers=tenant.owner.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(tenant.owner.id)
    assert body["account_id"] == str(tenant.account.id)
    assert body["notification_preferences"]["email_when_unseen"] is True


async def test_update_me_changes_availability_and_merges_preferences(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.patch(
        "/me",
        headers=tenant.agent.headers,
        json={"availability": "online", "notification_preferences": {"team_chat": False}},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["availability"] == "online"
    assert body["notification_preferences"]["team_chat"] is False
    assert body["notification_preferences"]["assigned_to_me"] is True


async def test_update_me_rejects_invalid_body(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for body in ({"availability": "sleeping"}, {"role": "owner"}, {"new_password": "short"}):
        response = await client.patch("/me", headers=tenant.agent.headers, json=body)
        assert response.status_code == 422, body
    me = await client.get("/me", headers=tenant.agent.headers)
    assert me.json()["role"] == "agent"


async def test_password_change_needs_current_password_and_ends_sessions(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    refresh = (await login(client, tenant.agent.email)).json()["refresh_token"]
    wrong = await client.patch(
        "/me",
        headers=tenant.agent.headers,
        json={"current_password": "nope", "new_password": "a new secret"},
    )
    assert wrong.status_code == 401
    ok = await client.patch(
        "/me",
        headers=tenant.agent.headers,
        json={"current_password": PASSWORD, "new_password": "a new secret"},
    )
    assert ok.status_code == 200
    assert (await login(client, tenant.agent.email, "a new secret")).status_code == 200
    assert (await login(client, tenant.agent.email)).status_code == 401
    assert (await client.post("/auth/refresh", json={"refresh_token": refresh})).status_code == 401


async def test_api_token_has_no_profile(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await client.post(
        "/api-tokens", headers=tenant.admin.headers, json={"name": "CRM", "role": "agent"}
    )
    headers = {"Authorization": f"Bearer {created.json()['token']}"}
    assert (await client.get("/me", headers=headers)).status_code == 403


@pytest.mark.parametrize("role", ["owner", "admin", "agent"])
async def test_every_role_lists_colleagues_of_own_account_only(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, role: str
) -> None:
    caller = getattr(tenant, role)
    response = await client.get("/users", headers=caller.headers)
    assert response.status_code == 200
    ids = {u["id"] for u in response.json()["items"]}
    assert ids == {str(tenant.owner.id), str(tenant.admin.id), str(tenant.agent.id)}


async def test_user_list_paginates_without_skipping_or_repeating(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory
) -> None:
    for _ in range(4):
        await staff_factory.user(tenant.account.id)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/users", headers=tenant.agent.headers, params=params)).json()
        seen += [u["id"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        # A colleague added mid-way appears on a later page, and nothing repeats.
        if len(seen) == 2:
            await staff_factory.user(tenant.account.id)
    assert len(seen) == len(set(seen)) == 8


async def test_user_list_rejects_bad_cursor_and_limit(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for params in ({"cursor": "not-a-cursor"}, {"limit": 0}, {"limit": 101}):
        response = await client.get("/users", headers=tenant.agent.headers, params=params)
        assert response.status_code == 422, params


async def test_admin_creates_staff_who_can_log_in(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = new_user(role="agent", max_concurrent=3)
    response = await client.post("/users", headers=tenant.admin.headers, json=body)
    assert response.status_code == 201
    created = response.json()
    assert created["role"] == "agent"
    assert created["max_concurrent"] == 3
    assert "password" not in created
    assert "password_hash" not in created
    assert (await login(client, str(body["email"]), "long enough")).status_code == 200


async def test_agent_cannot_create_staff(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await client.post("/users", headers=tenant.agent.headers, json=new_user())
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/permission-denied"


async def test_create_user_rejects_owner_role_bad_body_and_taken_email(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for body in (new_user(role="owner"), new_user(email="x"), new_user(max_concurrent=-1)):
        response = await client.post("/users", headers=tenant.admin.headers, json=body)
        assert response.status_code == 422, body
    taken = await client.post(
        "/users", headers=tenant.admin.headers, json=new_user(email=tenant.agent.email)
    )
    assert taken.status_code == 409


async def test_get_user_of_another_account_is_404(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    response = await client.get(f"/users/{other_tenant.agent.id}", headers=tenant.owner.headers)
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/not-found"
    own = await client.get(f"/users/{tenant.agent.id}", headers=tenant.agent.headers)
    assert own.status_code == 200


async def test_write_on_another_accounts_user_is_404(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    url = f"/users/{other_tenant.agent.id}"
    patch = await client.patch(url, headers=tenant.owner.headers, json={"max_concurrent": 9})
    delete = await client.delete(url, headers=tenant.owner.headers)
    assert (patch.status_code, delete.status_code) == (404, 404)
    still = await client.get(url, headers=other_tenant.owner.headers)
    assert still.json()["max_concurrent"] == 5
    assert still.json()["is_active"] is True


async def test_admin_updates_role_and_capacity(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await client.patch(
        f"/users/{tenant.agent.id}",
        headers=tenant.admin.headers,
        json={"role": "admin", "max_concurrent": 8, "name": "Promoted"},
    )
    assert response.status_code == 200
    assert (response.json()["role"], response.json()["max_concurrent"]) == ("admin", 8)


async def test_agent_cannot_update_anyone(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for target in (tenant.admin, tenant.agent):
        response = await client.patch(
            f"/users/{target.id}", headers=tenant.agent.headers, json={"max_concurrent": 50}
        )
        assert response.status_code == 403


async def test_update_user_rejects_invalid_body(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for body in ({"role": "boss"}, {"max_concurrent": -3}, {"email": "x@example.com"}):
        response = await client.patch(
            f"/users/{tenant.agent.id}", headers=tenant.admin.headers, json=body
        )
        assert response.status_code == 422, body


async def test_unknown_user_id_is_404_and_malformed_id_is_422(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    assert (
        await client.get(f"/users/{uuid.uuid4()}", headers=tenant.admin.headers)
    ).status_code == 404
    assert (await client.get("/users/42", headers=tenant.admin.headers)).status_code == 422


async def test_admin_cannot_touch_the_owner(client: httpx.AsyncClient, tenant: Tenant) -> None:
    url = f"/users/{tenant.owner.id}"
    assert (
        await client.patch(url, headers=tenant.admin.headers, json={"role": "agent"})
    ).status_code == 403
    assert (await client.delete(url, headers=tenant.admin.headers)).status_code == 403


async def test_only_owner_can_transfer_ownership(client: httpx.AsyncClient, tenant: Tenant) -> None:
    by_admin = await client.patch(
        f"/users/{tenant.agent.id}", headers=tenant.admin.headers, json={"role": "owner"}
    )
    assert by_admin.status_code == 403

    response = await client.patch(
        f"/users/{tenant.admin.id}", headers=tenant.owner.headers, json={"role": "owner"}
    )
    assert response.status_code == 200
    assert response.json()["role"] == "owner"
    roles = {
        u["id"]: u["role"]
        for u in (await client.get("/users", headers=tenant.agent.headers)).json()["items"]
    }
    assert roles[str(tenant.owner.id)] == "admin"
    assert list(roles.values()).count("owner") == 1


async def test_owner_cannot_demote_self_without_transfer(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.patch(
        f"/users/{tenant.owner.id}", headers=tenant.owner.headers, json={"role": "admin"}
    )
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/ownership-rule"


async def test_deactivated_user_is_locked_out_at_once(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    refresh = (await login(client, tenant.agent.email)).json()["refresh_token"]
    response = await client.delete(f"/users/{tenant.agent.id}", headers=tenant.admin.headers)
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert (await client.get("/me", headers=tenant.agent.headers)).status_code == 401
    assert (await login(client, tenant.agent.email)).status_code == 401
    assert (await client.post("/auth/refresh", json={"refresh_token": refresh})).status_code == 401
    listed = await client.get("/users", headers=tenant.admin.headers, params={"active": "false"})
    assert [u["id"] for u in listed.json()["items"]] == [str(tenant.agent.id)]

    back = await client.patch(
        f"/users/{tenant.agent.id}", headers=tenant.admin.headers, json={"is_active": True}
    )
    assert back.json()["is_active"] is True
    assert (await login(client, tenant.agent.email)).status_code == 200


async def test_cannot_deactivate_owner_or_self(client: httpx.AsyncClient, tenant: Tenant) -> None:
    own = await client.delete(f"/users/{tenant.owner.id}", headers=tenant.owner.headers)
    me = await client.delete(f"/users/{tenant.admin.id}", headers=tenant.admin.headers)
    assert (own.status_code, me.status_code) == (422, 422)


async def test_agent_cannot_deactivate(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await client.delete(f"/users/{tenant.admin.id}", headers=tenant.agent.headers)
    assert response.status_code == 403


async def test_concurrent_creates_with_one_email_make_one_user(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = new_user()
    responses = await asyncio.gather(
        *[client.post("/users", headers=tenant.admin.headers, json=body) for _ in range(6)]
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 5
    assert {r.headers["content-type"] for r in responses} >= {"application/problem+json"}


async def test_concurrent_ownership_transfers_leave_one_owner_and_no_error(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    responses = await asyncio.gather(
        *[
            client.patch(
                f"/users/{target.id}", headers=tenant.owner.headers, json={"role": "owner"}
            )
            for target in (tenant.admin, tenant.agent)
        ]
    )
    first, second = sorted(r.status_code for r in responses)
    # The loser finds ownership gone: refused by the rule (422) or, if it authenticated
    # after the winner committed, as the admin the owner has become (403).
    assert first == 200
    assert second in (403, 422)
    roles = [
        u["role"]
        for u in (await client.get("/users", headers=tenant.agent.headers)).json()["items"]
    ]
    assert roles.count("owner") == 1
