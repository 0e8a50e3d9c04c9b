import asyncio
import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Role, TeamMember
from tests.factories.conversations import make_contact, make_conversation, make_inbox
from tests.factories.staff import Staff, StaffFactory, Tenant

Body = dict[str, object]


async def create(
    client: httpx.AsyncClient, staff: Staff | dict[str, str], **body: object
) -> httpx.Response:
    headers = staff.headers if isinstance(staff, Staff) else staff
    payload = {"shortcut": f"s-{uuid.uuid4().hex[:6]}", "text": "Hello"} | body
    return await client.post("/canned-responses", headers=headers, json=payload)


async def make_response(
    client: httpx.AsyncClient, staff: Staff | dict[str, str], **body: object
) -> Body:
    response = await create(client, staff, **body)
    assert response.status_code == 201, response.text
    result: Body = response.json()
    return result


async def api_token_headers(client: httpx.AsyncClient, tenant: Tenant, role: str) -> dict[str, str]:
    response = await client.post(
        "/api-tokens", headers=tenant.admin.headers, json={"name": "Integration", "role": role}
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def shortcuts(client: httpx.AsyncClient, headers: dict[str, str], q: str = "") -> list[str]:
    params = {"q": q} if q else {}
    page = await client.get("/canned-responses", headers=headers, params=params)
    assert page.status_code == 200, page.text
    return [r["shortcut"] for r in page.json()["items"]]


async def test_personal_responses_are_invisible_to_colleagues(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory
) -> None:
    mine = await make_response(client, tenant.agent, shortcut="mine", text="My own words")
    assert (mine["shared"], mine["owner_id"]) == (False, str(tenant.agent.id))
    colleague = await staff_factory.user(tenant.account.id, Role.agent)
    url = f"/canned-responses/{mine['id']}"
    assert await shortcuts(client, tenant.agent.headers) == ["mine"]
    for other in (colleague, tenant.admin, tenant.owner):
        assert await shortcuts(client, other.headers) == []
        responses = [
            await client.get(url, headers=other.headers),
            await client.patch(url, headers=other.headers, json={"text": "Taken over"}),
            await client.delete(url, headers=other.headers),
        ]
        assert [r.status_code for r in responses] == [404] * 3
    assert (await client.get(url, headers=tenant.agent.headers)).json() == mine


async def test_owner_edits_and_deletes_a_personal_response(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    mine = await make_response(client, tenant.agent, shortcut="hi", text="Hi")
    url = f"/canned-responses/{mine['id']}"
    updated = await client.patch(
        url, headers=tenant.agent.headers, json={"shortcut": "hello", "text": "Hello there"}
    )
    assert (updated.json()["shortcut"], updated.json()["text"]) == ("hello", "Hello there")
    assert (await client.delete(url, headers=tenant.agent.headers)).status_code == 204
    assert (await client.get(url, headers=tenant.agent.headers)).status_code == 404


async def test_shared_responses_are_managed_by_admins_and_seen_by_all(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    refused = await create(client, tenant.agent, shortcut="team", shared=True)
    assert refused.status_code == 403
    shared = await make_response(client, tenant.admin, shortcut="team", shared=True)
    assert (shared["shared"], shared["owner_id"]) == (True, None)
    url = f"/canned-responses/{shared['id']}"
    assert await shortcuts(client, tenant.agent.headers) == ["team"]
    assert (await client.get(url, headers=tenant.agent.headers)).json() == shared
    attempts = [
        await client.patch(url, headers=tenant.agent.headers, json={"text": "Changed"}),
        await client.delete(url, headers=tenant.agent.headers),
    ]
    assert [r.status_code for r in attempts] == [403, 403]
    assert (await client.get(url, headers=tenant.agent.headers)).json() == shared
    edited = await client.patch(url, headers=tenant.owner.headers, json={"text": "Changed"})
    assert edited.json()["text"] == "Changed"
    assert (await client.delete(url, headers=tenant.admin.headers)).status_code == 204


async def test_api_tokens_create_only_shared_responses_and_only_as_admin(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    agent_token = await api_token_headers(client, tenant, "agent")
    admin_token = await api_token_headers(client, tenant, "admin")
    assert (await create(client, agent_token, shared=True)).status_code == 403
    assert (await create(client, agent_token, shared=False)).status_code == 403
    assert (await create(client, admin_token)).status_code == 403  # personal by default
    shared = await make_response(client, admin_token, shortcut="api", shared=True)
    assert shared["owner_id"] is None
    await make_response(client, tenant.admin, shortcut="admins-own")
    # A token sees the shared responses and nobody's personal ones.
    assert await shortcuts(client, agent_token) == ["api"]
    assert await shortcuts(client, admin_token) == ["api"]


async def test_list_filters_by_shortcut_prefix_ignoring_case(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for shortcut in ("Refund-full", "refund_partial", "thanks", "REF", "re%fund"):
        await make_response(client, tenant.admin, shortcut=shortcut, shared=True)
    await make_response(client, tenant.agent, shortcut="refund-mine")
    agent = tenant.agent.headers
    assert sorted(await shortcuts(client, agent, "REFUND")) == [
        "Refund-full",
        "refund-mine",
        "refund_partial",
    ]
    assert sorted(await shortcuts(client, agent, "ref")) == [
        "REF",
        "Refund-full",
        "refund-mine",
        "refund_partial",
    ]
    # LIKE wildcards in q are literal characters.
    assert await shortcuts(client, agent, "re%") == ["re%fund"]
    assert await shortcuts(client, agent, "refund_") == ["refund_partial"]
    assert await shortcuts(client, agent, "x") == []


async def test_list_is_ordered_by_shortcut_across_pages(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for shortcut in ("d", "b", "e", "a", "c"):
        await make_response(client, tenant.agent, shortcut=shortcut)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = await client.get("/canned-responses", headers=tenant.agent.headers, params=params)
        seen += [r["shortcut"] for r in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == ["a", "b", "c", "d", "e"]


async def test_shortcuts_are_unique_per_owner_ignoring_case(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    await make_response(client, tenant.agent, shortcut="Hello")
    dup = await create(client, tenant.agent, shortcut="HELLO")
    assert dup.status_code == 409
    assert dup.json()["type"] == "/problems/shortcut-taken"
    # Another user's personal one, a shared one and another account may reuse it.
    await make_response(client, tenant.admin, shortcut="hello")
    shared = await make_response(client, tenant.admin, shortcut="hello", shared=True)
    assert (await create(client, tenant.owner, shortcut="HeLLo", shared=True)).status_code == 409
    await make_response(client, other_tenant.agent, shortcut="hello")
    other = await make_response(client, tenant.admin, shortcut="bye", shared=True)
    renamed = await client.patch(
        f"/canned-responses/{other['id']}", headers=tenant.admin.headers, json={"shortcut": "HELLO"}
    )
    assert renamed.status_code == 409
    recased = await client.patch(
        f"/canned-responses/{shared['id']}",
        headers=tenant.admin.headers,
        json={"shortcut": "HELLO"},
    )
    assert recased.json()["shortcut"] == "HELLO"


async def test_concurrent_creates_with_one_shortcut_make_one_response(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    responses = await asyncio.gather(
        *[create(client, tenant.agent, shortcut="rush") for _ in range(6)]
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 5
    assert await shortcuts(client, tenant.agent.headers) == ["rush"]


@pytest.mark.parametrize(
    "body",
    [
        {"text": "Hello"},
        {"shortcut": "", "text": "Hello"},
        {"shortcut": "two words", "text": "Hello"},
        {"shortcut": "tab\there", "text": "Hello"},
        {"shortcut": "x" * 101, "text": "Hello"},
        {"shortcut": "ok"},
        {"shortcut": "ok", "text": ""},
        {"shortcut": "ok", "text": "x" * 20001},
        {"shortcut": "ok", "text": "Hi", "shared": "maybe"},
        {"shortcut": "ok", "text": "Hi", "owner_id": str(uuid.uuid4())},
    ],
)
async def test_invalid_bodies_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, body: Body
) -> None:
    response = await client.post("/canned-responses", headers=tenant.admin.headers, json=body)
    assert response.status_code == 422, body
    assert response.headers["content-type"] == "application/problem+json"
    assert await shortcuts(client, tenant.admin.headers) == []


async def test_invalid_updates_change_nothing(client: httpx.AsyncClient, tenant: Tenant) -> None:
    mine = await make_response(client, tenant.agent, shortcut="keep", text="Kept")
    url = f"/canned-responses/{mine['id']}"
    for bad in ({"shortcut": "a b"}, {"text": ""}, {"shared": True}, {"q": 1}):
        assert (await client.patch(url, headers=tenant.agent.headers, json=bad)).status_code == 422
    assert (await client.get(url, headers=tenant.agent.headers)).json() == mine


async def test_responses_of_another_account_are_404(
    client: httpx.AsyncClient,
    tenant: Tenant,
    other_tenant: Tenant,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    theirs = await make_response(client, other_tenant.admin, shared=True)
    url = f"/canned-responses/{theirs['id']}"
    conversation = await make_conversation(sessionmaker, tenant.account.id)
    headers = tenant.owner.headers
    responses = [
        await client.get(url, headers=headers),
        await client.patch(url, headers=headers, json={"text": "Hijacked"}),
        await client.delete(url, headers=headers),
        await client.post(
            f"{url}/render", headers=headers, json={"conversation_id": str(conversation.id)}
        ),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    assert await shortcuts(client, headers) == []
    assert (await client.get(url, headers=other_tenant.agent.headers)).json() == theirs


TEMPLATE = (
    "Hi {{contact.name}} ({{ contact.email }}, {{contact.phone}}), I'm {{ agent.name }} "
    "<{{agent.email}}> about #{{conversation.number}} in {{inbox.name}} at {{account.name}}. "
    "{{contact.nickname}} {{ order.id }}"
)


async def test_render_fills_in_the_conversation_and_the_calling_agent(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    inbox = await make_inbox(sessionmaker, tenant.account.id, name="Website")
    contact = await make_contact(
        sessionmaker, tenant.account.id, name="Ada Lovelace", email="ada@example.com", phone=None
    )
    conversation = await make_conversation(
        sessionmaker, tenant.account.id, inbox=inbox, contact=contact, assignee_id=tenant.agent.id
    )
    canned = await make_response(client, tenant.admin, text=TEMPLATE, shared=True)
    agent = tenant.agent.user
    response = await client.post(
        f"/canned-responses/{canned['id']}/render",
        headers=tenant.agent.headers,
        json={"conversation_id": str(conversation.id)},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "text": f"Hi Ada Lovelace (ada@example.com, ), I'm {agent.name} <{agent.email}> "
        f"about #{conversation.number} in Website at Acme. {{{{contact.nickname}}}} "
        "{{ order.id }}"
    }
    # The admin renders the same response as themself.
    as_admin = await client.post(
        f"/canned-responses/{canned['id']}/render",
        headers=tenant.admin.headers,
        json={"conversation_id": str(conversation.id)},
    )
    assert f"I'm {tenant.admin.user.name} <{tenant.admin.email}>" in as_admin.json()["text"]


async def test_render_by_api_token_speaks_as_the_assignee(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    token = await api_token_headers(client, tenant, "agent")
    canned = await make_response(client, tenant.admin, text="{{agent.name}}!", shared=True)
    url = f"/canned-responses/{canned['id']}/render"
    assigned = await make_conversation(sessionmaker, tenant.account.id, assignee_id=tenant.agent.id)
    unassigned = await make_conversation(sessionmaker, tenant.account.id)
    first = await client.post(url, headers=token, json={"conversation_id": str(assigned.id)})
    assert first.json() == {"text": f"{tenant.agent.user.name}!"}
    second = await client.post(url, headers=token, json={"conversation_id": str(unassigned.id)})
    assert second.json() == {"text": "!"}


async def test_render_needs_a_conversation_the_caller_can_see(
    client: httpx.AsyncClient,
    tenant: Tenant,
    other_tenant: Tenant,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    canned = await make_response(client, tenant.agent, text="Hi {{contact.name}}")
    url = f"/canned-responses/{canned['id']}/render"
    hidden = await make_conversation(sessionmaker, tenant.account.id)
    theirs = await make_conversation(sessionmaker, other_tenant.account.id)
    for conversation_id in (hidden.id, theirs.id, uuid.uuid4()):
        response = await client.post(
            url, headers=tenant.agent.headers, json={"conversation_id": str(conversation_id)}
        )
        assert response.status_code == 404
    # Through team membership the same agent may see (and render for) a conversation.
    team = await client.post("/teams", headers=tenant.admin.headers, json={"name": "Support"})
    team_id = uuid.UUID(team.json()["id"])
    async with sessionmaker() as session:
        session.add(TeamMember(team_id=team_id, user_id=tenant.agent.id))
        await session.commit()
    in_team = await make_conversation(sessionmaker, tenant.account.id, team_id=team_id)
    ok = await client.post(
        url, headers=tenant.agent.headers, json={"conversation_id": str(in_team.id)}
    )
    assert ok.status_code == 200, ok.text


async def test_render_of_a_colleagues_personal_response_is_404(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    personal = await make_response(client, tenant.agent, text="Mine")
    conversation = await make_conversation(sessionmaker, tenant.account.id)
    response = await client.post(
        f"/canned-responses/{personal['id']}/render",
        headers=tenant.admin.headers,
        json={"conversation_id": str(conversation.id)},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("body", [{}, {"conversation_id": "nope"}, {"conversation_id": None}])
async def test_render_bodies_are_validated(
    client: httpx.AsyncClient, tenant: Tenant, body: Body
) -> None:
    canned = await make_response(client, tenant.agent)
    response = await client.post(
        f"/canned-responses/{canned['id']}/render", headers=tenant.agent.headers, json=body
    )
    assert response.status_code == 422
