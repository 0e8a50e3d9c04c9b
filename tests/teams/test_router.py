import asyncio
import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.factories.staff import Tenant


async def make_team(client: httpx.AsyncClient, tenant: Tenant, **body: object) -> dict[str, object]:
    response = await client.post(
        "/teams", headers=tenant.admin.headers, json={"name": f"Team {uuid.uuid4().hex[:6]}"} | body
    )
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


async def test_admin_creates_team_with_members(client: httpx.AsyncClient, tenant: Tenant) -> None:
    team = await make_team(
        client,
        tenant,
        name="Billing",
        routing_mode="round_robin",
        member_ids=[str(tenant.agent.id)],
    )
    assert team["routing_mode"] == "round_robin"
    assert [m["id"] for m in team["members"]] == [str(tenant.agent.id)]  # type: ignore[attr-defined]


async def test_agent_lists_and_reads_teams_but_cannot_change_them(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    team = await make_team(client, tenant)
    url = f"/teams/{team['id']}"
    assert (await client.get("/teams", headers=tenant.agent.headers)).status_code == 200
    assert (await client.get(url, headers=tenant.agent.headers)).status_code == 200
    attempts = [
        client.post("/teams", headers=tenant.agent.headers, json={"name": "Mine"}),
        client.patch(url, headers=tenant.agent.headers, json={"name": "Renamed"}),
        client.put(f"{url}/members", headers=tenant.agent.headers, json={"user_ids": []}),
        client.delete(url, headers=tenant.agent.headers),
    ]
    for attempt in attempts:
        assert (await attempt).status_code == 403
    assert (await client.get(url, headers=tenant.agent.headers)).json()["name"] == team["name"]


async def test_team_names_are_unique_per_account_ignoring_case(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    await make_team(client, tenant, name="Sales")
    dup = await client.post("/teams", headers=tenant.admin.headers, json={"name": "SALES"})
    assert dup.status_code == 409
    await make_team(client, other_tenant, name="Sales")


async def test_teams_of_another_account_are_404(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = await make_team(client, other_tenant)
    url = f"/teams/{theirs['id']}"
    headers = tenant.owner.headers
    responses = [
        await client.get(url, headers=headers),
        await client.patch(url, headers=headers, json={"name": "Hijacked"}),
        await client.put(f"{url}/members", headers=headers, json={"user_ids": []}),
        await client.delete(url, headers=headers),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    listed = await client.get("/teams", headers=headers)
    assert str(theirs["id"]) not in {t["id"] for t in listed.json()["items"]}
    assert (await client.get(url, headers=other_tenant.agent.headers)).json()["name"] == theirs[
        "name"
    ]


async def test_replace_members_sets_exactly_the_given_users(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    team = await make_team(client, tenant, member_ids=[str(tenant.agent.id)])
    response = await client.put(
        f"/teams/{team['id']}/members",
        headers=tenant.admin.headers,
        json={"user_ids": [str(tenant.admin.id), str(tenant.owner.id), str(tenant.admin.id)]},
    )
    assert response.status_code == 200
    ids = {m["id"] for m in response.json()["members"]}
    assert ids == {str(tenant.admin.id), str(tenant.owner.id)}


async def test_members_must_be_active_users_of_the_account(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    team = await make_team(client, tenant, member_ids=[str(tenant.agent.id)])
    response = await client.put(
        f"/teams/{team['id']}/members",
        headers=tenant.admin.headers,
        json={"user_ids": [str(tenant.admin.id), str(other_tenant.agent.id)]},
    )
    assert response.status_code == 422
    assert str(other_tenant.agent.id) in response.json()["detail"]
    after = await client.get(f"/teams/{team['id']}", headers=tenant.admin.headers)
    assert [m["id"] for m in after.json()["members"]] == [str(tenant.agent.id)]


async def test_team_bodies_are_validated(client: httpx.AsyncClient, tenant: Tenant) -> None:
    team = await make_team(client, tenant)
    bad = [
        client.post("/teams", headers=tenant.admin.headers, json={"name": ""}),
        client.post(
            "/teams", headers=tenant.admin.headers, json={"name": "X", "routing_mode": "?"}
        ),
        client.patch(f"/teams/{team['id']}", headers=tenant.admin.headers, json={"color": 1}),
        client.put(
            f"/teams/{team['id']}/members",
            headers=tenant.admin.headers,
            json={"user_ids": ["nope"]},
        ),
    ]
    for attempt in bad:
        assert (await attempt).status_code == 422


async def test_update_and_delete_team(client: httpx.AsyncClient, tenant: Tenant) -> None:
    team = await make_team(client, tenant)
    url = f"/teams/{team['id']}"
    updated = await client.patch(
        url, headers=tenant.admin.headers, json={"routing_mode": "least_busy", "description": "L2"}
    )
    assert (updated.json()["routing_mode"], updated.json()["description"]) == ("least_busy", "L2")
    assert (await client.delete(url, headers=tenant.admin.headers)).status_code == 204
    assert (await client.get(url, headers=tenant.admin.headers)).status_code == 404


async def test_concurrent_creates_with_one_name_make_one_team(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    responses = await asyncio.gather(
        *[
            client.post("/teams", headers=tenant.admin.headers, json={"name": "Rush"})
            for _ in range(6)
        ]
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 5


async def test_a_team_with_open_conversations_cannot_be_deleted(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    from tests.factories.conversations import make_conversation

    team = await make_team(client, tenant)
    conversation = await make_conversation(sessionmaker, tenant.account.id, team_id=team["id"])
    url = f"/teams/{team['id']}"
    refused = await client.delete(url, headers=tenant.admin.headers)
    assert (refused.status_code, refused.json()["type"]) == (409, "/problems/team-in-use")
    await client.post(
        f"/conversations/{conversation.id}/status",
        headers=tenant.admin.headers,
        json={"status": "closed"},
    )
    assert (await client.delete(url, headers=tenant.admin.headers)).status_code == 204


async def test_deactivated_members_leave_their_teams(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    team = await make_team(client, tenant, member_ids=[str(tenant.agent.id), str(tenant.admin.id)])
    await client.delete(f"/users/{tenant.agent.id}", headers=tenant.owner.headers)
    read = (await client.get(f"/teams/{team['id']}", headers=tenant.admin.headers)).json()
    assert [m["id"] for m in read["members"]] == [str(tenant.admin.id)]
    written = await client.put(
        f"/teams/{team['id']}/members",
        headers=tenant.admin.headers,
        json={"user_ids": [m["id"] for m in read["members"]]},
    )
    assert written.status_code == 200


NIGHTS = {
    "timezone": "Europe/Amsterdam",
    "days": {"fri": [["22:00", "02:00"]], "sat": [["22:00", "02:00"]]},
    "exceptions": [{"date": "2030-12-27", "periods": []}],
}


async def test_working_hours_and_reassign_time_are_set_kept_and_cleared(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    plain = await make_team(client, tenant)
    assert (plain["working_hours"], plain["reassign_after_minutes"]) == (None, None)
    team = await make_team(client, tenant, working_hours=NIGHTS, reassign_after_minutes=15)
    assert (team["working_hours"], team["reassign_after_minutes"]) == (NIGHTS, 15)
    url = f"/teams/{team['id']}"
    renamed = await client.patch(url, headers=tenant.admin.headers, json={"name": "Nights"})
    assert (renamed.json()["working_hours"], renamed.json()["reassign_after_minutes"]) == (
        NIGHTS,
        15,
    )
    closed = {"timezone": "UTC", "days": {}}
    changed = await client.patch(
        url,
        headers=tenant.admin.headers,
        json={"working_hours": closed, "reassign_after_minutes": 1440},
    )
    assert (changed.json()["working_hours"], changed.json()["reassign_after_minutes"]) == (
        closed,
        1440,
    )
    cleared = await client.patch(
        url,
        headers=tenant.admin.headers,
        json={"working_hours": None, "reassign_after_minutes": None},
    )
    assert (cleared.json()["working_hours"], cleared.json()["reassign_after_minutes"]) == (
        None,
        None,
    )
    assert (await client.get(url, headers=tenant.agent.headers)).json() == cleared.json()


async def test_invalid_working_hours_and_reassign_times_are_refused(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    team = await make_team(client, tenant, working_hours=NIGHTS, reassign_after_minutes=30)
    url = f"/teams/{team['id']}"
    for body in (
        {"reassign_after_minutes": 0},
        {"reassign_after_minutes": 1441},
        {"reassign_after_minutes": "5"},
        {"reassign_after_minutes": 5.0},
        {"working_hours": {"timezone": "UTC", "days": {"mon": [["10:00", "10:00"]]}}},
        {"working_hours": {"timezone": "Nowhere/Town", "days": {}}},
        {
            "working_hours": {
                "timezone": "UTC",
                "days": {"mon": [["09:00", "18:00"], ["17:00", "19:00"]]},
            }
        },
    ):
        created = await client.post(
            "/teams", headers=tenant.admin.headers, json={"name": "Bad"} | body
        )
        assert created.status_code == 422, body
        assert created.headers["content-type"] == "application/problem+json"
        patched = await client.patch(url, headers=tenant.admin.headers, json=body)
        assert patched.status_code == 422, body
    assert (await client.get(url, headers=tenant.admin.headers)).json() == team
