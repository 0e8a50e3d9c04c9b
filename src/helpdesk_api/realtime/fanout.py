"""Live delivery of committed events to sockets: in each account's ``seq`` order, once.

The outbox dispatcher (routing/dispatcher.py) publishes each batch of committed events,
with the rooms each one goes to, as one message on the Socket.IO Redis channel; every API
process's :class:`Fanout` (its Socket.IO client manager) delivers them to its own sockets.

Nothing is lost between the two:
- a publish that fails fails the dispatch, which is retried with the events still
  undispatched (Redis down: delivered when it is back, in order);
- each process keeps, per account it has sockets of, the last seq it delivered. An event
  past the next one means some were missed (this process was not subscribed while Redis
  restarted): they are read from the database and delivered first. A sweep every couple
  of seconds, and every resubscription, does the same for the last events of a stream;
- a socket catching up on connect (``after``) holds live events until its replay is
  done, then sends the held ones past what it replayed: no gap and no duplicate;
- a socket never gets a seq twice, or an older one after a newer one.
"""

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import socketio  # type: ignore[import-untyped]
from engineio import packet as eio_packet  # type: ignore[import-untyped]
from socketio import packet
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.event_log.audience import Rooms, StoredEvent, rooms_for
from helpdesk_api.models import Event
from helpdesk_api.settings import Settings

log = logging.getLogger(__name__)

METHOD = "helpdesk.events"
SIGNAL = "helpdesk.signal"
AGENT = "/agent"
WIDGET = "/widget"

Envelope = dict[str, Any]
#: ``replay(after)``: a page of envelopes after a seq, the last seq examined, more to come.
Replay = Callable[[int], Awaitable[tuple[list[Envelope], int, bool]]]


def channel_name(settings: Settings) -> str:
    """The Socket.IO Redis channel every process of this deployment shares."""
    return f"{settings.redis_prefix}socketio"


def envelope(seq: int | None, type: str, occurred_at: datetime | str, data: Any) -> Envelope:
    """What every server event carries; ``seq`` is None for ephemeral signals."""
    at = json_time(occurred_at) if isinstance(occurred_at, datetime) else occurred_at
    return {"seq": seq, "type": type, "occurred_at": at, "data": data}


def json_time(at: datetime) -> str:
    """A time as the REST API writes it (UTC as ``Z``), so one event reads the same on
    the socket and in ``GET /events``."""
    return at.isoformat().replace("+00:00", "Z")


@dataclass
class Listener:
    """A connected socket's delivery state."""

    account_id: uuid.UUID
    namespace: str
    last_seq: int = 0
    #: Live events that arrived while the socket was catching up; None once it is live.
    held: list[Envelope] | None = None
    #: Conversations whose room (typing, viewers) this socket is in.
    rooms: set[uuid.UUID] = field(default_factory=set)


@dataclass(frozen=True)
class Wire:
    """One event as it travels on the channel, with where it goes."""

    event: StoredEvent
    rooms: Rooms

    def dump(self) -> dict[str, Any]:
        e = self.event
        return {
            "account_id": str(e.account_id),
            "seq": e.seq,
            "type": e.type,
            "occurred_at": json_time(e.occurred_at),
            "data": e.data,
            "widget_data": e.widget_data,
            "conversation_id": str(e.conversation_id) if e.conversation_id else None,
            "staff": self.rooms.staff,
            "widget": self.rooms.widget,
            "lost": self.rooms.lost,
        }


class Fanout(socketio.AsyncRedisManager):  # type: ignore[misc]
    """Socket.IO's Redis manager, with the outbox's events as a message kind of its own."""

    def __init__(
        self,
        url: str,
        channel: str,
        *,
        write_only: bool = False,
        sessionmaker: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        super().__init__(url, channel=channel, write_only=write_only)
        self.sessionmaker = sessionmaker
        self.listeners: dict[str, Listener] = {}
        #: Per account with sockets here: the last seq delivered through this process.
        self.accounts: dict[uuid.UUID, int] = {}
        self._order = asyncio.Lock()
        self._sweeps: set[asyncio.Task[None]] = set()
        #: Called with each delivered event (disconnecting the deactivated, presence).
        self.after_delivery: list[Callable[[dict[str, Any]], Awaitable[None]]] = []

    # Publishing (the dispatcher's side).

    async def publish(self, wires: Sequence[Wire]) -> None:
        """Publish a batch; raises when Redis does not take it (the dispatch is retried)."""
        message = {
            "method": METHOD,
            "host_id": self.host_id,
            "events": [w.dump() for w in wires],
        }
        try:
            if not getattr(self, "connected", False):
                self._redis_connect()
            await self.redis.publish(self.channel, json.dumps(message))
        except Exception:
            self.connected = False
            raise

    async def close(self) -> None:
        redis = getattr(self, "redis", None)
        if redis is not None:
            await redis.aclose()

    # Receiving (every API process).

    async def _listen(self) -> AsyncIterator[Any]:
        async for message in super()._listen():
            data = _decode(message)
            if isinstance(data, dict) and data.get("method") == METHOD:
                try:
                    await self.received(data["events"])
                except Exception:
                    log.exception("delivering published events failed; the sweep retries")
                continue
            if isinstance(data, dict) and data.get("method") == SIGNAL:
                if data.get("host_id") != self.host_id:
                    await self.signal_here(data["namespace"], data["room"], data["message"], None)
                continue
            yield message

    async def _redis_listen_with_retries(self) -> AsyncIterator[Any]:
        """Subscribe, and after every (re)subscription deliver what may have been
        published while this process was not listening."""
        retry = 1.0
        while True:
            try:
                self._redis_connect()
                await self.pubsub.subscribe(self.channel)
                retry = 1.0
                sweep = asyncio.get_running_loop().create_task(self.sweep())
                self._sweeps.add(sweep)
                sweep.add_done_callback(self._sweeps.discard)
                async for message in self.pubsub.listen():
                    yield message
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("Redis channel lost (%s); resubscribing in %.0f s", exc, retry)
                await asyncio.sleep(retry)
                retry = min(retry * 2, 30.0)

    async def received(self, events: Iterable[dict[str, Any]]) -> None:
        async with self._order:
            for wire in events:
                account_id = uuid.UUID(wire["account_id"])
                last = self.accounts.get(account_id)
                if last is None or wire["seq"] <= last:
                    continue
                if wire["seq"] > last + 1:
                    await self._fill(account_id, last, before=wire["seq"])
                await self._deliver(wire)

    async def sweep(self) -> None:
        """Deliver dispatched events this process has not seen (its last ones lost)."""
        if not self.accounts or self.sessionmaker is None:
            return
        async with self.sessionmaker() as session:
            rows = await session.execute(
                select(Event.account_id, func.max(Event.seq))
                .where(Event.account_id.in_(list(self.accounts)), Event.dispatched_at.is_not(None))
                .group_by(Event.account_id)
            )
            newest = {row[0]: row[1] for row in rows}
        async with self._order:
            for account_id, seq in newest.items():
                last = self.accounts.get(account_id)
                if last is not None and seq > last:
                    await self._fill(account_id, last, before=None)

    async def _fill(self, account_id: uuid.UUID, after: int, *, before: int | None) -> None:
        assert self.sessionmaker is not None
        async with self.sessionmaker() as session:
            statement = select(Event).where(Event.account_id == account_id, Event.seq > after)
            if before is None:
                statement = statement.where(Event.dispatched_at.is_not(None))
            else:
                statement = statement.where(Event.seq < before)
            rows = (await session.scalars(statement.order_by(Event.seq))).all()
            stored = [stored_event(row) for row in rows]
            rooms = await rooms_for(session, stored)
        if stored:
            log.info("delivering %d missed events of account %s", len(stored), account_id)
        for event, where in zip(stored, rooms, strict=True):
            await self._deliver(Wire(event, where).dump())

    async def _deliver(self, wire: dict[str, Any]) -> None:
        account_id, seq = uuid.UUID(wire["account_id"]), wire["seq"]
        self.accounts[account_id] = seq
        staff = envelope(seq, wire["type"], wire["occurred_at"], wire["data"])
        await self._offer(AGENT, wire["staff"], staff)
        if wire["widget"]:
            widget = envelope(seq, wire["type"], wire["occurred_at"], wire["widget_data"])
            await self._offer(WIDGET, wire["widget"], widget)
        for hook in self.after_delivery:
            try:
                await hook(wire)
            except Exception:
                log.exception("after-delivery hook failed for %s", wire["type"])

    async def _offer(self, namespace: str, rooms: Sequence[str], message: Envelope) -> None:
        """Send to each socket in ``rooms`` that is live and has not had this seq; hold it
        for sockets still catching up."""
        targets = []
        for sid, eio_sid in self.participants(namespace, rooms):
            listener = self.listeners.get(sid)
            if listener is None:
                continue
            if listener.held is not None:
                listener.held.append(message)
            elif message["seq"] > listener.last_seq:
                listener.last_seq = message["seq"]
                targets.append(eio_sid)
        await self.send_many(namespace, targets, message)

    async def signal(
        self, namespace: str, room: str, message: Envelope, skip_sid: str | None
    ) -> None:
        """An ephemeral signal (typing, viewers, presence) to a room on every process:
        one encoding per process, best effort (a signal lost to a Redis outage is stale
        anyway)."""
        await self.signal_here(namespace, room, message, skip_sid)
        await self._publish(
            {
                "method": SIGNAL,
                "host_id": self.host_id,
                "namespace": namespace,
                "room": room,
                "message": message,
            }
        )

    async def signal_here(
        self, namespace: str, room: str, message: Envelope, skip_sid: str | None
    ) -> None:
        targets = [e for s, e in self.get_participants(namespace, room) if s != skip_sid]
        await self.send_many(namespace, targets, message)

    def participants(self, namespace: str, rooms: Sequence[str]) -> Iterable[tuple[str, str]]:
        seen: set[str] = set()
        for room in rooms:
            for sid, eio_sid in self.get_participants(namespace, room):
                if sid not in seen:
                    seen.add(sid)
                    yield sid, eio_sid

    async def send_many(self, namespace: str, eio_sids: Sequence[str], message: Envelope) -> None:
        """One encoding of the packet for every receiver."""
        if not eio_sids:
            return
        encoded = self.server.packet_class(
            packet.EVENT, namespace=namespace, data=[message["type"], message]
        ).encode()
        parts = encoded if isinstance(encoded, list) else [encoded]
        packets = [eio_packet.Packet(eio_packet.MESSAGE, p) for p in parts]
        for eio_sid in eio_sids:
            for p in packets:
                await self.server._send_eio_packet(eio_sid, p)

    # Sockets coming and going.

    def listen(self, sid: str, listener: Listener, account_seq: int) -> None:
        """Start delivering to ``sid``; ``account_seq`` is the account's newest seq when it
        connected (where this process starts following the account, if it did not)."""
        self.listeners[sid] = listener
        self.accounts.setdefault(listener.account_id, account_seq)

    def forget(self, sid: str) -> None:
        listener = self.listeners.pop(sid, None)
        if listener is None:
            return
        if not any(other.account_id == listener.account_id for other in self.listeners.values()):
            self.accounts.pop(listener.account_id, None)

    async def catch_up(self, sid: str, replay: Replay) -> None:
        """Send ``sid`` what ``replay`` returns page by page, then what it held meanwhile.

        ``replay(after)`` returns (envelopes, last seq examined, more to come)."""
        listener = self.listeners.get(sid)
        if listener is None:
            return
        namespace = listener.namespace
        eio_sid = self.eio_sid_from_sid(sid, namespace)
        more = True
        while more:
            page, examined, more = await replay(listener.last_seq)
            for message in page:
                await self.send_many(namespace, [eio_sid], message)
            listener.last_seq = max(listener.last_seq, examined)
        while listener.held:
            message = listener.held.pop(0)
            if message["seq"] > listener.last_seq:
                listener.last_seq = message["seq"]
                await self.send_many(namespace, [eio_sid], message)
        listener.held = None


def stored_event(row: Event) -> StoredEvent:
    return StoredEvent(
        account_id=row.account_id,
        seq=row.seq,
        type=row.type,
        occurred_at=row.occurred_at,
        data=row.data,
        widget_data=row.widget_data,
        conversation_id=row.conversation_id,
        contact_id=row.contact_id,
        user_id=row.user_id,
        channel_id=row.channel_id,
    )


def _decode(message: Any) -> Any:
    if isinstance(message, dict):
        return message
    with contextlib.suppress(ValueError, TypeError):
        return json.loads(message)
    return None
