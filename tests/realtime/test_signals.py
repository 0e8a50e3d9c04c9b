"""Typing, who is viewing, monitoring, presence, read receipts, team chat, and cutting off
sockets whose credentials no longer hold."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.factories.desk import Desk
from tests.factories.staff import StaffFactory, Tenant
from tests.realtime.conftest import (
    Connect,
    LiveServer,
    Socket,
    messages_of,
    serving,
    token_of,
    wait_for,
)
from tests.widget.conftest import Site, make_site, open_session

from helpdesk_api.models import Role
from helpdesk_api.settings import Settings

pytestmark = pytest.mark.usefixtures("dispatching")


@pytest.fixture
async def site(sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant) -> Site:
    return await make_site(sessionmaker, tenant)


async def _customer(client: httpx.AsyncClient, site: Site) -> tuple[str, str]:
    """A visitor with a conversation: (contact token, conversation id)."""
    session = await open_session(client, site.inbox, name="Lena")
    headers = {"Authorization": f"Bearer {session['contact_token']}"}
    started = await client.post("/widget/conversations", headers=headers, json={"message": "hi"})
    return session["contact_token"], started.json()["conversation"]["id"]


async def test_typing_both_ways_and_internal_typing_stays_with_staff(
    client: httpx.AsyncClient, site: Site, connect: Connect
) -> None:
    token, conversation_id = await _customer(client, site)
    agent = await connect("/agent", token=token_of(site.tenant.agent.headers))
    widget = await connect("/widget", contact_token=token)

    refused = await agent.call("typing", {"conversation_id": conversation_id, "on": True})
    assert refused["ok"] is False  # typing is for a conversation one has open
    assert (await agent.call("view", {"conversation_id": conversation_id}))["ok"] is True

    assert (await widget.call("typing", {"conversation_id": conversation_id, "on": True}))["ok"]
    await agent.until(lambda got: any(e["type"] == "typing" for e in got))
    [heard] = agent.of_type("typing")
    assert heard["seq"] is None
    assert heard["data"]["by"]["type"] == "contact"

    for _ in range(5):  # a burst of keystrokes is heard once
        await agent.call("typing", {"conversation_id": conversation_id, "on": True})
    await agent.call("typing", {"conversation_id": conversation_id, "on": True, "internal": True})
    await agent.call("typing", {"conversation_id": conversation_id, "on": False})
    await widget.until(lambda got: any(e["type"] == "typing" and not e["data"]["on"] for e in got))
    signals = [e["data"]["on"] for e in widget.of_type("typing")]
    assert signals == [True, False]
    assert widget.of_type("typing")[0]["data"]["by"] == {
        "type": "user",
        "name": site.tenant.agent.user.name,
    }

    other_conversation = await client.get("/conversations", headers=site.tenant.owner.headers)
    assert other_conversation.status_code == 200
    stranger = await widget.call("typing", {"conversation_id": str(site.inbox.id), "on": True})
    assert stranger["ok"] is False
    assert stranger["error"]["type"] == "/problems/not-found"


async def test_two_agents_viewing_see_each_other_and_a_monitor_stays_unlisted(
    client: httpx.AsyncClient, site: Site, staff_factory: StaffFactory, connect: Connect
) -> None:
    tenant = site.tenant
    _, conversation_id = await _customer(client, site)
    colleague = await staff_factory.user(tenant.account.id, Role.agent)
    outsider = await staff_factory.user(tenant.account.id, Role.agent)
    joined = await client.put(
        f"/teams/{site.inbox.default_team_id}/members",
        headers=tenant.admin.headers,
        json={"user_ids": [str(tenant.agent.id), str(colleague.id)]},
    )
    assert joined.status_code == 200, joined.text
    first = await connect("/agent", token=token_of(tenant.agent.headers))
    second = await connect("/agent", token=colleague.token)
    admin = await connect("/agent", token=token_of(tenant.admin.headers))
    stranger = await connect("/agent", token=outsider.token)
    about = {"conversation_id": conversation_id}

    assert (await first.call("view", about))["viewers"] == [
        {"id": str(tenant.agent.id), "name": tenant.agent.user.name}
    ]
    both = (await second.call("view", about))["viewers"]
    assert {v["id"] for v in both} == {str(tenant.agent.id), str(colleague.id)}
    await first.until(
        lambda got: any(
            e["type"] == "conversation.viewers" and len(e["data"]["users"]) == 2 for e in got
        )
    )
    # A conversation one may not see cannot be viewed or monitored, and agents never monitor.
    assert (await stranger.call("view", about))["error"]["type"] == "/problems/not-found"
    denied = await first.call("monitor", about)
    assert denied["error"]["type"] == "/problems/permission-denied"

    watching = await admin.call("monitor", about)
    assert watching["ok"] is True
    assert {v["id"] for v in watching["viewers"]} == {str(tenant.agent.id), str(colleague.id)}
    await admin.call("typing", about | {"on": True, "internal": True})
    await first.call("typing", about | {"on": True})
    await admin.until(lambda got: any(e["type"] == "typing" for e in got))

    await second.call("unview", about)
    await first.until(
        lambda got: (
            [e for e in got if e["type"] == "conversation.viewers"][-1]["data"]["users"]
            == [{"id": str(tenant.agent.id), "name": tenant.agent.user.name}]
        )
    )
    assert str(tenant.admin.id) not in repr(first.of_type("conversation.viewers"))


@pytest.fixture
async def quick_presence(settings: Settings) -> AsyncIterator[LiveServer]:
    async with serving(settings.model_copy(update={"presence_grace_seconds": 0.3})) as server:
        yield server


async def test_presence_follows_sockets_and_availability(
    client: httpx.AsyncClient, desk: Desk, quick_presence: LiveServer
) -> None:
    tenant = desk.tenant
    watcher = await Socket("/agent").connect(
        quick_presence, {"token": token_of(tenant.admin.headers)}
    )
    agent = await Socket("/agent").connect(
        quick_presence, {"token": token_of(tenant.agent.headers)}
    )
    me = str(tenant.agent.id)

    def presence(on: bool) -> bool:
        return any(
            e["type"] == "presence.updated"
            and e["data"]["user_id"] == me
            and e["data"]["online"] is on
            for e in watcher.received
        )

    try:
        await wait_for(lambda: presence(True))
        changed = await client.patch(
            "/me", headers=tenant.agent.headers, json={"availability": "away"}
        )
        assert changed.status_code == 200
        await wait_for(
            lambda: any(
                e["type"] == "presence.updated" and e["data"].get("availability") == "away"
                for e in watcher.received
            )
        )
        await agent.close()
        await wait_for(lambda: presence(False))
        assert all(e["seq"] is None for e in watcher.of_type("presence.updated"))
    finally:
        await watcher.close()


async def test_read_receipts_reach_the_other_side(
    client: httpx.AsyncClient, site: Site, connect: Connect
) -> None:
    token, conversation_id = await _customer(client, site)
    agent = await connect("/agent", token=token_of(site.tenant.agent.headers))
    widget = await connect("/widget", contact_token=token)
    read = await client.post(
        f"/conversations/{conversation_id}/read", headers=site.tenant.agent.headers, json={}
    )
    assert read.status_code == 200
    await widget.until(lambda got: any(e["type"] == "conversation.read" for e in got))
    [seen] = widget.of_type("conversation.read")
    assert seen["data"]["last_read_seq"] == 1
    assert seen["data"]["reader"] == {"type": "team"}

    visitor = {"Authorization": f"Bearer {token}"}
    await client.post(
        f"/conversations/{conversation_id}/messages",
        headers=site.tenant.agent.headers,
        json={"text": "Hello Lena"},
    )
    marked = await client.post(
        f"/widget/conversations/{conversation_id}/read", headers=visitor, json={"seq": 2}
    )
    assert marked.status_code == 200
    await agent.until(
        lambda got: any(
            e["type"] == "conversation.read" and e["data"]["reader"]["type"] == "contact"
            for e in got
        )
    )


async def test_team_chat_messages_reach_members_only(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory, connect: Connect
) -> None:
    outsider = await staff_factory.user(tenant.account.id, Role.agent)
    created = await client.post(
        "/team-chat/channels",
        headers=tenant.admin.headers,
        json={"kind": "group", "name": "Escalations", "member_ids": [str(tenant.agent.id)]},
    )
    assert created.status_code == 201, created.text
    channel_id = created.json()["id"]
    member = await connect("/agent", token=token_of(tenant.agent.headers))
    other = await connect("/agent", token=outsider.token)
    owner = await connect("/agent", token=token_of(tenant.owner.headers))
    posted = await client.post(
        f"/team-chat/channels/{channel_id}/messages",
        headers=tenant.admin.headers,
        json={"text": "who takes the refund case?"},
    )
    assert posted.status_code == 201, posted.text
    await member.until(lambda got: any(e["type"] == "team_chat.message.created" for e in got))
    # The account-wide event after it is a barrier: by then the chat message went everywhere.
    await client.patch("/me", headers=tenant.owner.headers, json={"availability": "away"})
    for sock in (other, owner):
        await sock.until(lambda got: any(e["type"] == "user.updated" for e in got))
        assert not sock.of_type("team_chat.message.created")


async def test_revoked_tokens_and_deactivated_users_are_cut_off(
    client: httpx.AsyncClient,
    tenant: Tenant,
    staff_factory: StaffFactory,
    connect: Connect,
    live: LiveServer,
) -> None:
    created = await client.post(
        "/api-tokens", headers=tenant.admin.headers, json={"name": "crm", "role": "agent"}
    )
    integration = await connect("/agent", token=created.json()["token"])
    leaving = await staff_factory.user(tenant.account.id, Role.agent)
    person = await connect("/agent", token=leaving.token)

    revoked = await client.delete(
        f"/api-tokens/{created.json()['id']}", headers=tenant.admin.headers
    )
    assert revoked.status_code == 204
    gone = await client.delete(f"/users/{leaving.id}", headers=tenant.admin.headers)
    assert gone.status_code in (200, 204)
    await asyncio.wait_for(integration.disconnected.wait(), timeout=10)
    await asyncio.wait_for(person.disconnected.wait(), timeout=10)
    # And they cannot come back.
    for credential in (created.json()["token"], leaving.token):
        again = Socket("/agent")
        with pytest.raises(Exception):  # noqa: B017, PT011 - the client's own ConnectionError
            await again.connect(live, {"token": credential})
        assert again.refused[0]["message"] == "not-authenticated"


async def test_messages_the_widget_may_not_see_are_not_in_its_stream(
    client: httpx.AsyncClient, site: Site, connect: Connect
) -> None:
    token, conversation_id = await _customer(client, site)
    widget = await connect("/widget", contact_token=token)
    admin = await connect("/agent", token=token_of(site.tenant.admin.headers))
    url = f"/conversations/{conversation_id}/messages"
    await client.post(url, headers=site.tenant.admin.headers, json={"kind": "whisper", "text": "w"})
    await client.post(url, headers=site.tenant.admin.headers, json={"kind": "note", "text": "n"})
    await client.post(url, headers=site.tenant.admin.headers, json={"text": "visible"})
    await admin.until(lambda _: len(messages_of(admin, conversation_id)) == 3)
    await widget.until(lambda got: any(e["type"] == "message.created" for e in got))
    assert [e["data"]["message"]["text"] for e in widget.of_type("message.created")] == ["visible"]
