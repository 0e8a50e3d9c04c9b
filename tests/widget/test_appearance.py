"""The widget's public settings, the page's frame-ancestors, and queue places pushed live."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import select

from helpdesk_api.app import create_app
from helpdesk_api.models import Event
from helpdesk_api.settings import Settings
from tests.widget.conftest import Site, start, visitor

ALWAYS_CLOSED = {"timezone": "UTC", "days": {}}


async def test_settings_are_public_and_name_the_look(client: httpx.AsyncClient, site: Site) -> None:
    response = await client.get(f"/widget/{site.inbox.widget_key}/settings")
    assert response.status_code == 200
    assert response.json() == {
        "name": site.inbox.name,
        "greeting": "Hi! How can we help?",
        "color": "#2563eb",
        "position": "right",
        "language": None,
        "open_now": True,
        "away_message": "",
    }


async def test_settings_say_when_the_inbox_is_closed(client: httpx.AsyncClient, site: Site) -> None:
    closed = await site.other_inbox(
        working_hours=ALWAYS_CLOSED,
        away_message="We are back on Monday.",
        widget_color="#0f766e",
        widget_position="left",
        widget_language="pl",
    )
    body = (await client.get(f"/widget/{closed.widget_key}/settings")).json()
    assert body["open_now"] is False
    assert body["away_message"] == "We are back on Monday."
    assert (body["color"], body["position"], body["language"]) == ("#0f766e", "left", "pl")


async def test_settings_of_unknown_or_inactive_inboxes_are_404(
    client: httpx.AsyncClient, site: Site
) -> None:
    assert (await client.get("/widget/no-such-key/settings")).status_code == 404
    gone = await site.other_inbox(is_active=False)
    assert (await client.get(f"/widget/{gone.widget_key}/settings")).status_code == 404


@pytest.fixture
async def web(settings: Settings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    dist = tmp_path / "dist"
    (dist / "widget").mkdir(parents=True)
    (dist / "widget" / "index.html").write_text("<title>widget</title>")
    configured = settings.model_copy(
        update={"frontend_dir": dist, "cors_origins": ["https://app.helpdesk.example"]}
    )
    app = create_app(configured)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client,
    ):
        yield client


async def test_the_page_is_framed_where_the_inbox_allows(
    web: httpx.AsyncClient, site: Site
) -> None:
    anywhere = await web.get("/widget/", params={"inbox": site.inbox.widget_key})
    assert anywhere.status_code == 200
    assert anywhere.headers["content-security-policy"] == "frame-ancestors *"

    shop = await site.other_inbox(widget_origins=["https://shop.example", "https://*.shop.example"])
    limited = await web.get("/widget/", params={"inbox": shop.widget_key})
    assert limited.headers["content-security-policy"] == (
        "frame-ancestors 'self' https://shop.example https://*.shop.example "
        "https://app.helpdesk.example"
    )
    assert (await web.get("/widget/", params={"inbox": "nope"})).status_code == 404
    assert (await web.get("/widget/")).status_code == 404


async def _places(site: Site, conversation_id: str) -> list[int | None]:
    async with site.sessionmaker() as session:
        rows = await session.scalars(
            select(Event.widget_data)
            .where(Event.conversation_id == conversation_id, Event.widget_data.is_not(None))
            .order_by(Event.seq)
        )
        return [w["conversation"]["queue_position"] for w in rows if "conversation" in w]


async def test_the_place_in_the_queue_falls_live(client: httpx.AsyncClient, site: Site) -> None:
    first, second, third = [await visitor(client, site.inbox) for _ in range(3)]
    ahead = await start(client, first, "first")
    middle = await start(client, second, "second")
    last = await start(client, third, "third")
    assert (middle["queue_position"], last["queue_position"]) == (2, 3)

    taken = await client.post(
        f"/conversations/{ahead['id']}/assign",
        headers=site.tenant.admin.headers,
        json={"user_id": str(site.tenant.agent.id), "force": True},
    )
    assert taken.status_code == 200, taken.text
    assert (await _places(site, middle["id"]))[-1] == 1
    assert (await _places(site, last["id"]))[-1] == 2

    closed = await client.post(
        f"/conversations/{middle['id']}/status", headers=site.staff, json={"status": "closed"}
    )
    assert closed.status_code == 200
    assert (await _places(site, last["id"]))[-1] == 1
    [mine] = (await client.get("/widget/conversations", headers=third)).json()["items"]
    assert mine["queue_position"] == 1


async def test_queue_events_tell_staff_nothing_new_and_the_widget_nothing_internal(
    client: httpx.AsyncClient, site: Site
) -> None:
    ahead = await start(client, await visitor(client, site.inbox))
    behind = await start(client, await visitor(client, site.inbox))
    await client.post(
        f"/conversations/{ahead['id']}/status", headers=site.staff, json={"status": "closed"}
    )
    async with site.sessionmaker() as session:
        event = await session.scalar(
            select(Event)
            .where(Event.conversation_id == behind["id"], Event.type == "conversation.updated")
            .order_by(Event.seq.desc())
        )
    assert event is not None
    assert event.widget_data is not None
    assert event.data["changed"] == ["queue_position"]
    assert event.data["conversation"]["id"] == behind["id"]
    assert "team_id" not in repr(event.widget_data)
