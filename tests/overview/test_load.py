"""GET /overview/load: every colleague's load, readable by every role."""

from datetime import UTC, datetime, timedelta

import httpx

from tests.factories.desk import Desk


async def test_an_agent_reads_every_colleagues_load(client: httpx.AsyncClient, desk: Desk) -> None:
    tenant = desk.tenant
    await desk.conversation(assignee_id=tenant.agent.id)
    later = datetime.now(UTC) + timedelta(hours=2)
    await desk.conversation(assignee_id=tenant.agent.id, status="snoozed", snoozed_until=later)
    await desk.conversation(assignee_id=tenant.agent.id, status="closed")
    await desk.conversation(assignee_id=tenant.admin.id)

    response = await client.get("/overview/load", headers=tenant.agent.headers)
    assert response.status_code == 200, response.text
    loads = {item["id"]: item for item in response.json()["items"]}
    assert set(loads) == {str(tenant.owner.id), str(tenant.admin.id), str(tenant.agent.id)}
    assert loads[str(tenant.agent.id)]["load"] == 2
    assert loads[str(tenant.admin.id)]["load"] == 1
    assert loads[str(tenant.owner.id)]["load"] == 0
    assert {"availability", "max_concurrent", "name"} <= set(loads[str(tenant.agent.id)])


async def test_load_needs_a_token_and_stays_in_the_account(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk
) -> None:
    assert (await client.get("/overview/load")).status_code == 401
    bad = await client.get("/overview/load", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    response = await client.get("/overview/load", headers=other_desk.tenant.agent.headers)
    ids = {item["id"] for item in response.json()["items"]}
    assert str(desk.tenant.agent.id) not in ids
    assert str(other_desk.tenant.agent.id) in ids
