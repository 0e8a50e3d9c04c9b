"""Committed events reach exactly the sockets that may see them, live, in order."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.factories.staff import StaffFactory, Tenant
from tests.realtime.conftest import Connect, LiveServer, Socket, messages_of, token_of, wait_for
from tests.widget.conftest import Site, make_site, open_session

from helpdesk_api.models import Role

pytestmark = pytest.mark.usefixtures("dispatching")


@pytest.fixture
async def site(sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant) -> Site:
    return await make_site(sessionmaker, tenant)


async def _visitor(client: httpx.AsyncClient, site: Site) -> tuple[str, dict[str, str]]:
    session = await open_session(client, site.inbox, name="Mia")
    token = session["contact_token"]
    return token, {"Authorization": f"Bearer {token}"}


async def test_a_customer_message_reaches_who_may_see_it_and_internal_ones_never_the_widget(
    client: httpx.AsyncClient, site: Site, staff_factory: StaffFactory, connect: Connect
) -> None:
    tenant = site.tenant
    outsider = await staff_factory.user(tenant.account.id, Role.agent)  # in no team
    token, visitor = await _visitor(client, site)
    handling = await connect("/agent", token=token_of(tenant.agent.headers))
    other = await connect("/agent", token=outsider.token)
    admin = await connect("/agent", token=token_of(tenant.admin.headers))
    widget = await connect("/widget", contact_token=token)

    started = await client.post(
        "/widget/conversations", headers=visitor, json={"message": "My parcel is lost"}
    )
    conversation_id = started.json()["conversation"]["id"]
    url = f"/conversations/{conversation_id}/messages"
    staff = tenant.admin.headers
    for body in (
        {"text": "Sorry to hear that, checking now"},
        {"kind": "note", "text": "courier is DHL, internal"},
        {"kind": "whisper", "text": "offer a voucher"},
    ):
        assert (await client.post(url, headers=staff, json=body)).status_code == 201
    # The whisper is the last event: once the admin has it, everything was delivered.
    await admin.until(lambda _: len(messages_of(admin, conversation_id)) == 4)
    await handling.until(lambda _: len(messages_of(handling, conversation_id)) == 4)

    kinds = [e["data"]["message"]["kind"] for e in messages_of(handling, conversation_id)]
    assert kinds == ["reply", "reply", "note", "whisper"]
    assert messages_of(other, conversation_id) == []
    assert not [e for e in other.received if conversation_id in repr(e)]

    await widget.until(lambda got: len(got) >= 3)
    shown = [e["data"]["message"]["text"] for e in widget.of_type("message.created")]
    assert shown == ["My parcel is lost", "Sorry to hear that, checking now"]
    leaked = repr(widget.received)
    for internal in ("internal", "voucher", "assignee_id", "team_id", "sender_user_id", "@"):
        assert internal not in leaked
    # Every envelope of a stream comes once, in seq order.
    for sock in (handling, admin, widget):
        assert sock.seqs() == sorted(set(sock.seqs()))


async def test_a_transfer_moves_the_live_feed(
    client: httpx.AsyncClient, site: Site, staff_factory: StaffFactory, connect: Connect
) -> None:
    tenant = site.tenant
    first = await staff_factory.user(tenant.account.id, Role.agent, availability="online")
    second = await staff_factory.user(tenant.account.id, Role.agent, availability="online")
    created = await client.post(
        "/conversations",
        headers=first.headers,
        json={
            "inbox_id": str(site.inbox.id),
            "contact": {"name": "Noor", "email": "noor@example.com"},
            "message": "Hello from the API",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["assignee_id"] == str(first.id)
    conversation_id = created.json()["id"]
    one = await connect("/agent", token=first.token)
    two = await connect("/agent", token=second.token)
    url = f"/conversations/{conversation_id}"

    await client.post(f"{url}/messages", headers=first.headers, json={"text": "before"})
    await one.until(lambda _: len(messages_of(one, conversation_id)) == 1)
    moved = await client.post(
        f"{url}/transfer",
        headers=first.headers,
        json={"user_id": str(second.id), "note": "Noor needs billing"},
    )
    assert moved.status_code == 200, moved.text
    await client.post(f"{url}/messages", headers=second.headers, json={"text": "after"})
    await two.until(
        lambda _: any(
            m["data"]["message"]["text"] == "after" for m in messages_of(two, conversation_id)
        )
    )

    # The first agent saw it leave, and nothing after.
    assert [e["type"] for e in one.received if e["type"] == "conversation.transferred"]
    assert [m["data"]["message"]["text"] for m in messages_of(one, conversation_id)] == ["before"]
    texts = [m["data"]["message"]["text"] for m in messages_of(two, conversation_id)]
    assert texts[-1] == "after"
    assert "before" not in texts  # it was not theirs to see when it was sent


async def test_a_refused_connection_says_why(live: LiveServer) -> None:
    for namespace, auth in (
        ("/agent", {}),
        ("/agent", {"token": "not-a-token"}),
        ("/agent", {"token": "hdk_revoked_or_unknown"}),
        ("/widget", {"contact_token": "nope"}),
        ("/widget", {"token": "a staff field on the widget"}),
    ):
        sock = Socket(namespace)
        with pytest.raises(Exception):  # noqa: B017, PT011 - the client's own ConnectionError
            await sock.connect(live, auth)
        await wait_for(lambda s=sock: bool(s.refused))  # type: ignore[misc]
        assert sock.refused[0]["message"] in ("not-authenticated", "invalid-contact-token")
        assert sock.refused[0]["data"]["detail"]


async def test_browsers_connect_from_this_origin_only(live: LiveServer, tenant: Tenant) -> None:
    token = token_of(tenant.agent.headers)
    same = Socket("/agent")
    await same.client.connect(
        live.url,
        namespaces=["/agent"],
        auth={"token": token},
        transports=["websocket"],
        headers={"Origin": live.url},
        wait_timeout=10,
    )
    await same.close()
    foreign = Socket("/agent")
    with pytest.raises(Exception):  # noqa: B017, PT011 - the client's own ConnectionError
        await foreign.client.connect(
            live.url,
            namespaces=["/agent"],
            auth={"token": token},
            transports=["websocket"],
            headers={"Origin": "https://evil.example"},
            wait_timeout=5,
        )
