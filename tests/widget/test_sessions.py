import uuid
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from helpdesk_api.models import Contact
from helpdesk_api.settings import Settings
from helpdesk_api.widget.tokens import ContactClaims, create_contact_token
from tests.conftest import client_for
from tests.test_errors import problem
from tests.widget.conftest import Site, bearer, open_session, signed, start


async def _contacts_with(site: Site, identifier: str) -> int:
    async with site.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).where(
                Contact.account_id == site.tenant.account.id, Contact.identifier == identifier
            )
        )
    return int(count or 0)


async def test_anonymous_session_returns_token_contact_and_inbox(
    client: httpx.AsyncClient, site: Site
) -> None:
    started = await open_session(client, site.inbox)
    assert set(started) == {"contact_token", "expires_at", "contact", "inbox"}
    assert started["contact"]["identifier"] is None
    assert started["contact"]["name"] is None
    assert started["inbox"] == {
        "id": str(site.inbox.id),
        "name": site.inbox.name,
        "channel": "web_chat",
        "greeting": "Hi! How can we help?",
    }
    listed = await client.get("/widget/conversations", headers=bearer(started["contact_token"]))
    assert listed.status_code == 200
    assert listed.json()["items"] == []


async def test_an_anonymous_visitors_email_is_kept_as_unverified(
    client: httpx.AsyncClient, site: Site
) -> None:
    """Anyone can type any address: staff see it, but never mail or match on it."""
    first = await open_session(client, site.inbox, name="Ann", email="ann@example.com")
    assert (first["contact"]["name"], first["contact"]["email"]) == ("Ann", None)
    again = await open_session(
        client, site.inbox, contact_token=first["contact_token"], name="Ann Lee"
    )
    assert again["contact"]["id"] == first["contact"]["id"]
    assert again["contact"]["name"] == "Ann Lee"
    staff = await client.get(f"/contacts/{first['contact']['id']}", headers=site.staff)
    assert staff.json()["name"] == "Ann Lee"
    assert staff.json()["email"] is None
    assert staff.json()["custom_attributes"]["unverified_email"] == "ann@example.com"
    assert staff.json()["last_activity_at"] is not None


async def test_a_typed_email_cannot_capture_staff_mail(
    client: httpx.AsyncClient, site: Site
) -> None:
    visitor = await open_session(client, site.inbox, email="ceo@victim.example")
    started = await client.post(
        "/conversations",
        headers=site.staff,
        json={
            "inbox_id": str(site.inbox.id),
            "contact": {"email": "ceo@victim.example"},
            "message": "Your reset link: https://example.com/reset?t=secret",
        },
    )
    assert started.status_code == 201
    assert started.json()["contact"]["id"] != visitor["contact"]["id"]
    listed = await client.get(
        "/widget/conversations", headers={"Authorization": f"Bearer {visitor['contact_token']}"}
    )
    assert listed.json()["items"] == []


async def test_an_identified_visitors_email_fills_the_contact(
    client: httpx.AsyncClient, site: Site
) -> None:
    identified = await open_session(
        client,
        site.inbox,
        identifier="u-7",
        identifier_hash=signed(site.inbox, "u-7"),
        email="u7@example.com",
    )
    assert identified["contact"]["email"] == "u7@example.com"


async def test_contact_token_resumes_the_same_visitor_only_in_its_inbox(
    client: httpx.AsyncClient, site: Site
) -> None:
    first = await open_session(client, site.inbox)
    resumed = await open_session(client, site.inbox, contact_token=first["contact_token"])
    assert resumed["contact"]["id"] == first["contact"]["id"]
    other = await site.other_inbox()
    elsewhere = await open_session(client, other, contact_token=first["contact_token"])
    assert elsewhere["contact"]["id"] != first["contact"]["id"]
    garbage = await open_session(client, site.inbox, contact_token="not-a-token")
    assert garbage["contact"]["id"] not in {first["contact"]["id"], elsewhere["contact"]["id"]}


async def test_identified_visitor_with_correct_hash_is_always_the_same_contact(
    client: httpx.AsyncClient, site: Site
) -> None:
    identifier = f"cust-{uuid.uuid4().hex[:8]}"
    first = await open_session(
        client,
        site.inbox,
        identifier=identifier,
        identifier_hash=signed(site.inbox, identifier),
        name="Bob",
        email="bob@example.com",
    )
    assert first["contact"] | {"id": None} == {
        "id": None,
        "identifier": identifier,
        "name": "Bob",
        "email": "bob@example.com",
    }
    anonymous = await open_session(client, site.inbox)
    second = await open_session(
        client,
        site.inbox,
        identifier=identifier,
        identifier_hash=signed(site.inbox, identifier).upper(),
        contact_token=anonymous["contact_token"],
    )
    assert second["contact"]["id"] == first["contact"]["id"]
    conversation = await start(client, bearer(first["contact_token"]))
    listed = await client.get("/widget/conversations", headers=bearer(second["contact_token"]))
    assert [c["id"] for c in listed.json()["items"]] == [conversation["id"]]
    assert await _contacts_with(site, identifier) == 1


async def test_wrong_or_missing_hash_is_refused_and_creates_nothing(
    client: httpx.AsyncClient, site: Site, other_site: Site
) -> None:
    identifier = f"cust-{uuid.uuid4().hex[:8]}"
    attempts = [
        {"identifier": identifier},
        {"identifier": identifier, "identifier_hash": "0" * 64},
        {"identifier": identifier, "identifier_hash": signed(other_site.inbox, identifier)},
        {"identifier": identifier, "identifier_hash": signed(site.inbox, identifier + "x")},
        {"identifier": identifier, "identifier_hash": "é" * 64},
    ]
    for body in attempts:
        response = await client.post(f"/widget/{site.inbox.widget_key}/sessions", json=body)
        assert problem(response, 401)["type"] == "/problems/identity-verification-failed", body
    assert await _contacts_with(site, identifier) == 0


async def test_invalid_session_requests(client: httpx.AsyncClient, site: Site) -> None:
    url = f"/widget/{site.inbox.widget_key}/sessions"
    for body in (
        {"identifier_hash": "ab" * 32},
        {"email": "not-an-email"},
        {"identifier": ""},
        {"identifier": "x" * 201, "identifier_hash": "ab"},
        {"name": "x" * 201},
        {"unknown": 1},
    ):
        assert problem(await client.post(url, json=body), 422)["errors"], body
    missing = await client.post(f"/widget/{uuid.uuid4().hex}/sessions", json={})
    assert problem(missing, 404)["type"] == "/problems/inbox-not-found"


async def test_inactive_inbox_refuses_sessions_and_its_tokens(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = bearer((await open_session(client, site.inbox))["contact_token"])
    response = await client.delete(f"/inboxes/{site.inbox.id}", headers=site.tenant.admin.headers)
    assert response.status_code in (200, 204), response.text
    problem(await client.post(f"/widget/{site.inbox.widget_key}/sessions", json={}), 404)
    problem(await client.get("/widget/conversations", headers=headers), 401)


async def test_staff_and_contact_tokens_are_not_interchangeable(
    client: httpx.AsyncClient, site: Site, settings: Settings
) -> None:
    started = await open_session(client, site.inbox)
    staff_on_widget = await client.get("/widget/conversations", headers=site.staff)
    assert problem(staff_on_widget, 401)["type"] == "/problems/invalid-contact-token"
    problem(await client.get("/conversations", headers=bearer(started["contact_token"])), 401)
    problem(await client.get("/widget/conversations"), 401)
    claims = ContactClaims(
        uuid.UUID(started["contact"]["id"]), site.tenant.account.id, site.inbox.id
    )
    expired, _ = create_contact_token(settings.signing_key(), claims, timedelta(seconds=-5))
    problem(await client.get("/widget/conversations", headers=bearer(expired)), 401)
    forged, _ = create_contact_token("another-key-" + "x" * 30, claims, timedelta(days=1))
    problem(await client.get("/widget/conversations", headers=bearer(forged)), 401)


async def test_merged_contact_token_is_refused(client: httpx.AsyncClient, site: Site) -> None:
    source = await open_session(client, site.inbox)
    target = await open_session(client, site.inbox)
    response = await client.post(
        f"/contacts/{target['contact']['id']}/merge",
        headers=site.staff,
        json={"contact_id": source["contact"]["id"]},
    )
    assert response.status_code == 200, response.text
    stale = bearer(source["contact_token"])
    problem(await client.get("/widget/conversations", headers=stale), 401)
    fresh = await open_session(client, site.inbox, contact_token=source["contact_token"])
    assert fresh["contact"]["id"] not in {source["contact"]["id"], target["contact"]["id"]}


async def test_sessions_are_rate_limited_per_client_ip(
    app: FastAPI, site: Site, settings: Settings
) -> None:
    url = f"/widget/{site.inbox.widget_key}/sessions"
    async with client_for(app) as client:
        for _ in range(settings.widget_sessions_per_ip_per_hour):
            assert (await client.post(url, json={})).status_code == 201
        refused = await client.post(url, json={})
        body = problem(refused, 429)
        assert "widget sessions" in str(body["detail"])
        assert int(refused.headers["Retry-After"]) > 0
    async with client_for(app) as elsewhere:
        assert (await elsewhere.post(url, json={})).status_code == 201
