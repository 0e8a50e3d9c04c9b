import string
import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.errors import NotFound
from helpdesk_api.inboxes.service import get_by_widget_key
from tests.factories.staff import Tenant

OFFICE_HOURS = {
    "timezone": "America/New_York",
    "days": {"mon": [["13:00", "17:00"], ["09:00", "12:00"]], "fri": [["09:00", "15:00"]]},
}


async def make_inbox(
    client: httpx.AsyncClient, tenant: Tenant, **body: object
) -> dict[str, object]:
    response = await client.post(
        "/inboxes",
        headers=tenant.admin.headers,
        json={"name": f"Inbox {uuid.uuid4().hex[:6]}", "channel": "web_chat"} | body,
    )
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


async def make_team(client: httpx.AsyncClient, tenant: Tenant) -> str:
    response = await client.post(
        "/teams", headers=tenant.admin.headers, json={"name": f"Team {uuid.uuid4().hex[:6]}"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def api_token_headers(client: httpx.AsyncClient, tenant: Tenant, role: str) -> dict[str, str]:
    response = await client.post(
        "/api-tokens", headers=tenant.admin.headers, json={"name": "Integration", "role": role}
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def test_admin_creates_inbox_with_generated_keys(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    team_id = await make_team(client, tenant)
    inbox = await make_inbox(
        client,
        tenant,
        name="  Website chat ",
        greeting="Hi! How can we help?",
        auto_reply="We are away, we'll answer tomorrow.",
        default_team_id=team_id,
        bot_enabled=True,
        working_hours=OFFICE_HOURS,
    )
    assert inbox["name"] == "Website chat"
    assert inbox["channel"] == "web_chat"
    assert inbox["default_team_id"] == team_id
    assert inbox["bot_enabled"] is True
    assert inbox["is_active"] is True
    assert inbox["working_hours"] == {
        "timezone": "America/New_York",
        "days": {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "fri": [["09:00", "15:00"]]},
    }
    widget_key, secret = str(inbox["widget_key"]), str(inbox["hmac_secret"])
    assert len(widget_key) == 24
    assert set(widget_key) <= set(string.ascii_letters + string.digits + "-_")
    assert len(secret) == 64
    assert set(secret) <= set(string.hexdigits.lower())
    other = await make_inbox(client, tenant)
    assert (other["widget_key"], other["hmac_secret"]) != (widget_key, secret)


@pytest.mark.parametrize("channel", ["web_chat", "email", "whatsapp", "messenger", "api"])
async def test_every_channel_type_can_be_created(
    client: httpx.AsyncClient, tenant: Tenant, channel: str
) -> None:
    inbox = await make_inbox(client, tenant, channel=channel)
    assert inbox["channel"] == channel


async def test_only_owners_and_admins_receive_the_hmac_secret(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    inbox = await make_inbox(client, tenant)
    url = f"/inboxes/{inbox['id']}"
    agent_token = await api_token_headers(client, tenant, "agent")
    admin_token = await api_token_headers(client, tenant, "admin")
    for headers in (tenant.agent.headers, agent_token):
        assert (await client.get(url, headers=headers)).json()["hmac_secret"] is None
        listed = (await client.get("/inboxes", headers=headers)).json()["items"]
        assert [i["hmac_secret"] for i in listed] == [None]
        assert listed[0]["widget_key"] == inbox["widget_key"]
    for headers in (tenant.owner.headers, tenant.admin.headers, admin_token):
        assert (await client.get(url, headers=headers)).json()["hmac_secret"] == inbox[
            "hmac_secret"
        ]


async def test_agents_cannot_change_inboxes(client: httpx.AsyncClient, tenant: Tenant) -> None:
    inbox = await make_inbox(client, tenant)
    url = f"/inboxes/{inbox['id']}"
    headers = tenant.agent.headers
    attempts = [
        await client.post("/inboxes", headers=headers, json={"name": "X", "channel": "api"}),
        await client.patch(url, headers=headers, json={"name": "Renamed"}),
        await client.delete(url, headers=headers),
        await client.post(f"{url}/rotate-secret", headers=headers),
    ]
    assert [r.status_code for r in attempts] == [403] * 4
    after = (await client.get(url, headers=tenant.admin.headers)).json()
    assert after == inbox | {"updated_at": after["updated_at"]}


async def test_inboxes_of_another_account_are_404(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = await make_inbox(client, other_tenant)
    url = f"/inboxes/{theirs['id']}"
    headers = tenant.owner.headers
    responses = [
        await client.get(url, headers=headers),
        await client.patch(url, headers=headers, json={"name": "Hijacked"}),
        await client.delete(url, headers=headers),
        await client.post(f"{url}/rotate-secret", headers=headers),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    listed = (await client.get("/inboxes", headers=headers)).json()["items"]
    assert theirs["id"] not in {i["id"] for i in listed}
    after = (await client.get(url, headers=other_tenant.admin.headers)).json()
    assert (after["name"], after["is_active"], after["hmac_secret"]) == (
        theirs["name"],
        True,
        theirs["hmac_secret"],
    )


async def test_default_team_must_belong_to_the_account(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    their_team = await make_team(client, other_tenant)
    created = await client.post(
        "/inboxes",
        headers=tenant.admin.headers,
        json={"name": "Chat", "channel": "web_chat", "default_team_id": their_team},
    )
    assert created.status_code == 422
    assert created.json()["errors"][0]["loc"] == ["body", "default_team_id"]
    inbox = await make_inbox(client, tenant)
    url = f"/inboxes/{inbox['id']}"
    for team_id in (their_team, str(uuid.uuid4())):
        patched = await client.patch(
            url, headers=tenant.admin.headers, json={"default_team_id": team_id}
        )
        assert patched.status_code == 422
    assert (await client.get(url, headers=tenant.admin.headers)).json()["default_team_id"] is None
    listed = (await client.get("/inboxes", headers=tenant.admin.headers)).json()["items"]
    assert [i["name"] for i in listed] == [inbox["name"]]


async def test_default_team_and_working_hours_are_set_and_cleared(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    team_id = await make_team(client, tenant)
    inbox = await make_inbox(client, tenant, greeting="Hello")
    url = f"/inboxes/{inbox['id']}"
    set_ = await client.patch(
        url,
        headers=tenant.admin.headers,
        json={"default_team_id": team_id, "working_hours": OFFICE_HOURS, "name": "Support"},
    )
    assert set_.status_code == 200, set_.text
    assert (set_.json()["default_team_id"], set_.json()["name"]) == (team_id, "Support")
    assert set_.json()["working_hours"]["timezone"] == "America/New_York"
    cleared = await client.patch(
        url, headers=tenant.admin.headers, json={"default_team_id": None, "working_hours": None}
    )
    body = cleared.json()
    assert (body["default_team_id"], body["working_hours"]) == (None, None)
    # Fields left out of a PATCH keep their values.
    assert (body["name"], body["greeting"]) == ("Support", "Hello")


async def test_deleting_a_team_unsets_it_as_default(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    team_id = await make_team(client, tenant)
    inbox = await make_inbox(client, tenant, default_team_id=team_id)
    await client.delete(f"/teams/{team_id}", headers=tenant.admin.headers)
    after = await client.get(f"/inboxes/{inbox['id']}", headers=tenant.admin.headers)
    assert after.json()["default_team_id"] is None


async def test_channel_cannot_change(client: httpx.AsyncClient, tenant: Tenant) -> None:
    inbox = await make_inbox(client, tenant, channel="api")
    url = f"/inboxes/{inbox['id']}"
    response = await client.patch(url, headers=tenant.admin.headers, json={"channel": "email"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "channel"]
    assert (await client.get(url, headers=tenant.admin.headers)).json()["channel"] == "api"


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "web_chat"},
        {"name": "", "channel": "web_chat"},
        {"name": "   ", "channel": "web_chat"},
        {"name": "Chat", "channel": "telegram"},
        {"name": "Chat", "channel": "web_chat", "greeting": "x" * 5001},
        {"name": "Chat", "channel": "web_chat", "default_team_id": "team-1"},
        {"name": "Chat", "channel": "web_chat", "widget_key": "mine"},
        {"name": "Chat", "channel": "web_chat", "hmac_secret": "known"},
        {
            "name": "Chat",
            "channel": "web_chat",
            "working_hours": {"timezone": "Nowhere/City", "days": {}},
        },
        {
            "name": "Chat",
            "channel": "web_chat",
            "working_hours": {"timezone": "UTC", "days": {"xyz": []}},
        },
        {
            "name": "Chat",
            "channel": "web_chat",
            "working_hours": {"timezone": "UTC", "days": {"mon": [["09:00", "09:00"]]}},
        },
        {
            "name": "Chat",
            "channel": "web_chat",
            "working_hours": {"timezone": "UTC", "days": {"mon": [["09:00", "25:00"]]}},
        },
    ],
)
async def test_invalid_inbox_bodies_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, object]
) -> None:
    response = await client.post("/inboxes", headers=tenant.admin.headers, json=body)
    assert response.status_code == 422, body
    assert response.headers["content-type"] == "application/problem+json"
    listed = (await client.get("/inboxes", headers=tenant.admin.headers)).json()["items"]
    assert listed == []


async def test_invalid_updates_change_nothing(client: httpx.AsyncClient, tenant: Tenant) -> None:
    inbox = await make_inbox(client, tenant, working_hours=OFFICE_HOURS)
    url = f"/inboxes/{inbox['id']}"
    bad = [
        {"name": ""},
        {"bot_enabled": "sometimes"},
        {
            "working_hours": {
                "timezone": "UTC",
                "days": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]},
            }
        },
        {"hmac_secret": "chosen"},
    ]
    for body in bad:
        response = await client.patch(url, headers=tenant.admin.headers, json=body)
        assert response.status_code == 422, body
    assert (await client.get(url, headers=tenant.admin.headers)).json() == inbox


async def test_delete_deactivates_and_patch_reactivates(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    inbox = await make_inbox(client, tenant)
    kept = await make_inbox(client, tenant)
    url = f"/inboxes/{inbox['id']}"
    deleted = await client.delete(url, headers=tenant.admin.headers)
    assert deleted.status_code == 200
    assert deleted.json()["is_active"] is False
    assert (await client.get(url, headers=tenant.agent.headers)).json()["is_active"] is False

    async def names(query: str) -> list[object]:
        page = await client.get(f"/inboxes{query}", headers=tenant.agent.headers)
        return [i["id"] for i in page.json()["items"]]

    assert await names("?active=false") == [inbox["id"]]
    assert await names("?active=true") == [kept["id"]]
    assert await names("") == [inbox["id"], kept["id"]]
    async with sessionmaker() as session:
        with pytest.raises(NotFound):
            await get_by_widget_key(session, str(inbox["widget_key"]))
    again = await client.patch(url, headers=tenant.admin.headers, json={"is_active": True})
    assert again.json()["is_active"] is True
    async with sessionmaker() as session:
        found = await get_by_widget_key(session, str(inbox["widget_key"]))
        assert str(found.id) == inbox["id"]


async def test_get_by_widget_key_finds_only_active_inboxes_by_their_key(
    client: httpx.AsyncClient, tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    inbox = await make_inbox(client, tenant, greeting="Welcome")
    async with sessionmaker() as session:
        found = await get_by_widget_key(session, str(inbox["widget_key"]))
        assert (str(found.id), found.account_id, found.greeting) == (
            inbox["id"],
            tenant.account.id,
            "Welcome",
        )
        for key in ("", "no-such-key", str(inbox["widget_key"]).upper()):
            with pytest.raises(NotFound):
                await get_by_widget_key(session, key)


async def test_rotate_secret_replaces_only_the_secret(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    inbox = await make_inbox(client, tenant)
    url = f"/inboxes/{inbox['id']}"
    rotated = await client.post(f"{url}/rotate-secret", headers=tenant.admin.headers)
    assert rotated.status_code == 200
    body = rotated.json()
    assert len(body["hmac_secret"]) == 64
    assert body["hmac_secret"] != inbox["hmac_secret"]
    assert body["widget_key"] == inbox["widget_key"]
    assert (await client.get(url, headers=tenant.owner.headers)).json()["hmac_secret"] == body[
        "hmac_secret"
    ]


async def test_inbox_list_pages_without_gaps(client: httpx.AsyncClient, tenant: Tenant) -> None:
    made = [(await make_inbox(client, tenant))["id"] for _ in range(5)]
    seen: list[object] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/inboxes", headers=tenant.agent.headers, params=params)).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made


async def test_away_message_is_set_kept_and_turned_off(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    assert (await make_inbox(client, tenant))["away_message"] == ""
    night_shift = {"timezone": "Europe/Amsterdam", "days": {"sun": [["22:00", "06:00"]]}}
    inbox = await make_inbox(
        client, tenant, away_message="We are closed; we answer at 8.", working_hours=night_shift
    )
    assert (inbox["away_message"], inbox["working_hours"]) == (
        "We are closed; we answer at 8.",
        night_shift,
    )
    url = f"/inboxes/{inbox['id']}"
    kept = await client.patch(url, headers=tenant.admin.headers, json={"away_message": None})
    assert kept.json()["away_message"] == "We are closed; we answer at 8."
    off = await client.patch(url, headers=tenant.admin.headers, json={"away_message": ""})
    assert off.json()["away_message"] == ""
    for response in (
        await client.patch(url, headers=tenant.admin.headers, json={"away_message": "x" * 2001}),
        await client.post(
            "/inboxes",
            headers=tenant.admin.headers,
            json={"name": "Chat", "channel": "web_chat", "away_message": "x" * 2001},
        ),
    ):
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "away_message"]
    assert (await client.get(url, headers=tenant.agent.headers)).json()["away_message"] == ""
