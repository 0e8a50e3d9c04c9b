"""The official JavaScript client (socket.io-client, the frontend's locked version, run by
Node) gets the contract API.md promises: envelopes, catch-up with ``after``, and refusals
it can read, over a websocket and over the browser's polling-then-upgrade path."""

import asyncio
import contextlib
import json
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tests.factories.staff import Tenant
from tests.realtime.conftest import LiveServer, token_of
from tests.widget.conftest import Site, make_site, start, visitor

pytestmark = pytest.mark.usefixtures("dispatching")

ROOT = Path(__file__).resolve().parents[2]
LISTEN = Path(__file__).parent / "js" / "listen.mjs"
CLIENT = ROOT / "frontend" / "node_modules" / "socket.io-client"
TRANSPORTS = ["websocket", "default"]  # default: HTTP long-polling, then the upgrade

Line = dict[str, Any]


class NodeSocket:
    """The lines ``listen.mjs`` prints, read as they come, every wait bounded."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[Line] = []

    async def until(self, check: Callable[[list[Line]], bool], *, within: float = 20.0) -> None:
        assert self.process.stdout is not None
        deadline = asyncio.get_running_loop().time() + within
        while not check(self.lines):
            remaining = deadline - asyncio.get_running_loop().time()
            try:
                raw = await asyncio.wait_for(self.process.stdout.readline(), max(remaining, 0))
            except TimeoutError:
                raise AssertionError(f"not seen in {within}s; got {self.lines}") from None
            if not raw:
                raise AssertionError(f"node ended early: {self.lines} {await self._stderr()}")
            self.lines.append(json.loads(raw))

    async def _stderr(self) -> str:
        assert self.process.stderr is not None
        with contextlib.suppress(TimeoutError):
            return (await asyncio.wait_for(self.process.stderr.read(), 5)).decode()
        return ""

    def of(self, kind: str) -> list[Line]:
        return [line for line in self.lines if line["kind"] == kind]

    def envelopes(self) -> list[dict[str, Any]]:
        """What the server emitted, checking each came under its own type's name."""
        emitted = []
        for line in self.of("event"):
            (envelope,) = line["args"]
            assert line["event"] == envelope["type"]
            emitted.append(envelope)
        return emitted

    def texts(self, conversation_id: str) -> list[str]:
        return [
            e["data"]["message"]["text"]
            for e in self.envelopes()
            if e["type"] == "message.created"
            and e["data"]["message"]["conversation_id"] == conversation_id
        ]


@contextlib.asynccontextmanager
async def node_socket(
    server: LiveServer, namespace: str, auth: dict[str, Any], *, transport: str = "websocket"
) -> AsyncIterator[NodeSocket]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js 20+ is required: these tests run the JavaScript socket.io-client")
    if not CLIENT.is_dir():
        pytest.fail(f"{CLIENT} is missing: ./dev test installs frontend/ from its lock file")
    process = await asyncio.create_subprocess_exec(
        node,
        str(LISTEN),
        *("--url", server.url, "--namespace", namespace, "--auth", json.dumps(auth)),
        *("--transport", transport, "--timeout", "60"),
        stdin=asyncio.subprocess.PIPE,  # closing it ends the client
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield NodeSocket(process)
    finally:
        if process.returncode is None:
            process.kill()
        await asyncio.wait_for(process.wait(), 10)


def connected(lines: list[Line]) -> bool:
    return any(line["kind"] == "connect" for line in lines)


async def replayed(client: httpx.AsyncClient, headers: dict[str, str], after: int) -> list[Any]:
    """The same agent's events after ``after``, from the REST log."""
    response = await client.get("/events", headers=headers, params={"after": after})
    assert response.status_code == 200, response.text
    events: list[Any] = response.json()["events"]
    return events


@pytest.fixture
async def site(sessionmaker: async_sessionmaker[AsyncSession], tenant: Tenant) -> Site:
    return await make_site(sessionmaker, tenant)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_the_js_client_receives_a_customer_message_as_the_logged_envelope(
    client: httpx.AsyncClient, live: LiveServer, site: Site, transport: str
) -> None:
    agent = site.tenant.agent
    customer = await visitor(client, site.inbox, name="Ada")
    async with node_socket(live, "/agent", {"token": agent.token}, transport=transport) as js:
        await js.until(connected)
        conversation_id = (await start(client, customer, "Where is my order?"))["id"]
        await js.until(lambda _: js.texts(conversation_id) == ["Where is my order?"])
        if transport == "default":
            assert js.of("open")[0]["transport"] == "polling"
            await js.until(lambda _: bool(js.of("upgrade")))
            assert js.of("upgrade")[0]["transport"] == "websocket"

    (envelope,) = [e for e in js.envelopes() if e["type"] == "message.created"]
    assert set(envelope) == {"seq", "type", "occurred_at", "data"}
    assert isinstance(envelope["seq"], int)
    assert envelope["data"]["message"]["sender_type"] == "contact"
    # Exactly what GET /events gives the same agent for that seq.
    logged = (await replayed(client, agent.headers, envelope["seq"] - 1))[0]
    assert logged == envelope


async def test_the_js_client_reconnecting_with_after_gets_what_it_missed_in_order_once(
    client: httpx.AsyncClient, live: LiveServer, site: Site
) -> None:
    agent = site.tenant.agent
    customer = await visitor(client, site.inbox, name="Ada")
    async with node_socket(live, "/agent", {"token": token_of(agent.headers)}) as first:
        await first.until(connected)
        conversation_id = (await start(client, customer, "Hello?"))["id"]
        await first.until(lambda _: first.texts(conversation_id) == ["Hello?"])
    last = max(e["seq"] for e in first.envelopes() if e["seq"] is not None)

    url = f"/conversations/{conversation_id}/messages"
    for n in (1, 2, 3):  # while no client of this agent is connected
        sent = await client.post(url, headers=agent.headers, json={"text": f"missed {n}"})
        assert sent.status_code == 201, sent.text
    auth = {"token": agent.token, "after": last}
    async with node_socket(live, "/agent", auth) as again:
        await again.until(connected)
        await again.until(lambda _: "missed 3" in again.texts(conversation_id))
        sent = await client.post(url, headers=agent.headers, json={"text": "live"})
        assert sent.status_code == 201, sent.text
        await again.until(lambda _: "live" in again.texts(conversation_id))

    texts = again.texts(conversation_id)
    assert texts == ["missed 1", "missed 2", "missed 3", "live"]
    seqs = [e["seq"] for e in again.envelopes() if e["seq"] is not None]
    assert seqs == sorted(set(seqs))
    assert seqs[0] > last
    # Exactly the events the log holds for this agent after `last`: no gap, no extra.
    logged = [e["seq"] for e in await replayed(client, agent.headers, last)]
    assert seqs == [seq for seq in logged if seq <= seqs[-1]]


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize(
    ("namespace", "auth", "slug"),
    [
        ("/agent", {"token": "not-a-token"}, "not-authenticated"),
        ("/agent", {}, "not-authenticated"),
        ("/widget", {"contact_token": "nope"}, "invalid-contact-token"),
    ],
)
async def test_the_js_client_hears_why_it_is_refused(
    live: LiveServer, namespace: str, auth: dict[str, Any], slug: str, transport: str
) -> None:
    async with node_socket(live, namespace, auth, transport=transport) as js:
        await js.until(lambda lines: bool(js.of("end")))

    (refused,) = js.of("connect_error")
    assert refused["message"] == slug
    assert set(refused["data"]) == {"type", "title", "detail"}
    assert refused["data"]["detail"]
    assert refused["data"]["type"].endswith(slug)
    assert not connected(js.lines)
    assert js.of("end")[0]["reason"] == "refused"
