"""A web-chat inbox routed to a team the tenant's agent is in, and widget helpers."""

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Inbox
from tests.factories.conversations import make_inbox
from tests.factories.desk import make_desk
from tests.factories.staff import Tenant

Sessionmaker = async_sessionmaker[AsyncSession]


@dataclass
class Site:
    """A tenant's web-chat inbox; its conversations go to a team the agent is in."""

    tenant: Tenant
    inbox: Inbox
    sessionmaker: Sessionmaker

    @property
    def staff(self) -> dict[str, str]:
        return self.tenant.agent.headers

    async def other_inbox(self, **fields: Any) -> Inbox:
        fields.setdefault("default_team_id", self.inbox.default_team_id)
        return await make_inbox(self.sessionmaker, self.tenant.account.id, **fields)


async def make_site(sessionmaker: Sessionmaker, tenant: Tenant, **inbox_fields: Any) -> Site:
    desk = await make_desk(sessionmaker, tenant, **inbox_fields)
    return Site(tenant, desk.inbox, sessionmaker)


@pytest.fixture
async def site(sessionmaker: Sessionmaker, tenant: Tenant) -> Site:
    return await make_site(sessionmaker, tenant, greeting="Hi! How can we help?")


@pytest.fixture
async def other_site(sessionmaker: Sessionmaker, other_tenant: Tenant) -> Site:
    return await make_site(sessionmaker, other_tenant)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed(inbox: Inbox, identifier: str) -> str:
    return hmac.new(inbox.hmac_secret.encode(), identifier.encode(), hashlib.sha256).hexdigest()


async def open_session(client: httpx.AsyncClient, inbox: Inbox, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/widget/{inbox.widget_key}/sessions", json=body)
    assert response.status_code == 201, response.text
    session: dict[str, Any] = response.json()
    return session


async def visitor(client: httpx.AsyncClient, inbox: Inbox, **body: Any) -> dict[str, str]:
    """Headers of a new session's contact token."""
    return bearer((await open_session(client, inbox, **body))["contact_token"])


async def start(
    client: httpx.AsyncClient, headers: dict[str, str], message: str = "Hello, I need help"
) -> dict[str, Any]:
    """A new conversation of this visitor; returns the conversation."""
    response = await client.post(
        "/widget/conversations", headers=headers, json={"message": message}
    )
    assert response.status_code == 201, response.text
    conversation: dict[str, Any] = response.json()["conversation"]
    return conversation


async def widget_messages(
    client: httpx.AsyncClient, headers: dict[str, str], conversation_id: object
) -> list[dict[str, Any]]:
    response = await client.get(
        f"/widget/conversations/{conversation_id}/messages", headers=headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items
