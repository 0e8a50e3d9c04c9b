"""The Socket.IO server at ``/socket.io``: ``/agent`` for staff, ``/widget`` for customers.

Connecting: ``auth`` carries ``token`` (an access or API token) on ``/agent``, or
``contact_token`` on ``/widget``, and ``after`` (the last seq the client has) when it
reconnects. A missing, bad or expired credential is refused at connect: the client's
``connect_error`` has the problem's slug as ``message`` and ``{type, title, detail}`` as
``data``. A socket whose user is deactivated, API token revoked or contact merged away is
disconnected within :data:`REVALIDATE_SECONDS`.

Staff emit ``view`` / ``unview {conversation_id}`` (who is viewing: everyone viewing it
hears ``conversation.viewers``), ``typing {conversation_id, on, internal}`` and, owners and
admins only, ``monitor {conversation_id}`` (in the room without being listed; the customer
never hears of viewers). Customers emit ``typing {conversation_id, on}``. Every ack is
``{ok: true, …}`` or ``{ok: false, error: {type, title, detail}}``.
"""

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable
from typing import Any

import socketio  # type: ignore[import-untyped]
from sqlalchemy import select

from helpdesk_api.auth.subject import Subject
from helpdesk_api.errors import (
    problem_of,
)
from helpdesk_api.event_log import service as event_log
from helpdesk_api.event_log.audience import (
    conversation_room,
    user_room,
)
from helpdesk_api.event_log.exceptions import ResyncRequired
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Account, ApiToken, Contact, User
from helpdesk_api.realtime.fanout import (
    AGENT,
    WIDGET,
    Envelope,
    Fanout,
    Listener,
    Replay,
    channel_name,
    envelope,
)
from helpdesk_api.realtime.namespaces import AgentNamespace, WidgetNamespace
from helpdesk_api.realtime.signals import (
    Signals,
    Viewer,
)
from helpdesk_api.resources import Resources
from helpdesk_api.settings import Settings

log = logging.getLogger(__name__)

#: How often each process re-checks its sockets' credentials …
REVALIDATE_SECONDS = 2.0
#: … and, every so many of those checks, keeps their presence and viewing from expiring
#: (well within signals.TTL_SECONDS).
REFRESH_EVERY = 10


class Realtime:
    """The server, its namespaces, and the background work of this process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.fanout = Fanout(settings.redis_url or "", channel_name(settings))
        self.sio = socketio.AsyncServer(
            async_mode="asgi",
            client_manager=self.fanout,
            cors_allowed_origins=self._origin_allowed,
            logger=False,
            engineio_logger=False,
        )
        self.sio.register_namespace(AgentNamespace(self))
        self.sio.register_namespace(WidgetNamespace(self))
        self.asgi = socketio.ASGIApp(self.sio, socketio_path=None)
        self._resources: Resources | None = None
        self._signals: Signals | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._checks = 0
        self.fanout.after_delivery.append(self._after_delivery)

    def _origin_allowed(self, origin: str | None, environ: dict[str, Any]) -> bool:
        """Browsers on this server's own origin or on ``HELPDESK_CORS_ORIGINS``; clients
        that send no Origin (apps, integrations) authenticate by token alone."""
        if origin is None:
            return True
        host = environ.get("HTTP_HOST")
        scheme = environ.get("wsgi.url_scheme", "http")
        return origin == f"{scheme}://{host}" or origin in self.settings.cors_origins

    @property
    def resources(self) -> Resources:
        assert self._resources is not None, "the realtime server is not started"
        return self._resources

    @property
    def signals(self) -> Signals:
        assert self._signals is not None, "the realtime server is not started"
        return self._signals

    async def start(self, resources: Resources) -> None:
        self._resources = resources
        self._signals = Signals(resources.redis, self.settings.redis_prefix)
        assert resources.settings.redis_url is not None
        self.fanout.redis_url = resources.settings.redis_url
        self.fanout.sessionmaker = resources.reader
        if not self.sio.manager_initialized:  # subscribe now, not at the first connection
            self.sio.manager_initialized = True
            self.fanout.initialize()
        self.spawn(self._revalidate_forever())

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for sid in list(self.fanout.listeners):
            listener = self.fanout.listeners[sid]
            with contextlib.suppress(Exception):
                await self.sio.disconnect(sid, namespace=listener.namespace, ignore_queue=True)
        thread = getattr(self.fanout, "thread", None)
        if thread is not None:
            thread.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await thread

    def spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def account_seq(self, account_id: uuid.UUID) -> int:
        async with self.resources.reader() as session:
            seq = await session.scalar(select(Account.event_seq).where(Account.id == account_id))
        return int(seq or 0)

    async def listen(
        self, sid: str, namespace: str, account_id: uuid.UUID, after: int | None
    ) -> None:
        """Deliver to a connected socket: live from now, or — with ``after`` — holding the
        live events until its catch-up has run."""
        account_seq = await self.account_seq(account_id)
        listener = Listener(
            account_id,
            namespace,
            last_seq=after if after is not None else account_seq,
            held=[] if after is not None else None,
        )
        self.fanout.listen(sid, listener, account_seq)

    async def catch_up(self, sid: str, account_id: uuid.UUID, replay: Replay) -> None:
        """Replay to a reconnecting socket; a cursor from before the purged events gets a
        ``resync`` event (reload, then follow from its ``last_seq``) instead of a gap."""

        async def paged(after: int) -> tuple[list[Envelope], int, bool]:
            try:
                async with self.resources.reader() as session:
                    await event_log.check_retained(session, account_id, after)
                return await replay(after)
            except ResyncRequired as exc:
                newest = await self.account_seq(account_id)
                notice = envelope(None, "resync", utcnow(), {"last_seq": newest, **problem_of(exc)})
                return [notice], newest, False

        try:
            await self.fanout.catch_up(sid, paged)
        except Exception:
            log.exception("catch-up of %s failed; disconnecting it so it reconnects", sid)
            listener = self.fanout.listeners.get(sid)
            if listener is not None:
                await self.sio.disconnect(sid, namespace=listener.namespace, ignore_queue=True)

    async def emit_signal(
        self, namespace: str, room: str, type: str, data: dict[str, Any], skip_sid: str | None
    ) -> None:
        await self.fanout.signal(namespace, room, envelope(None, type, utcnow(), data), skip_sid)

    async def _after_delivery(self, wire: dict[str, Any]) -> None:
        """Events that change a socket's standing: deactivation, availability, a handler
        change taking a conversation from an agent."""
        data = wire["data"]
        if wire["type"] == "user.updated":
            user_id = data["user_id"]
            if data.get("is_active") is False:
                for sid, _ in list(self.fanout.participants(AGENT, [user_room(user_id)])):
                    await self.sio.disconnect(sid, namespace=AGENT, ignore_queue=True)
            if "availability" in data:
                online = await self.signals.is_online(uuid.UUID(user_id))
                presence = {
                    "user_id": user_id,
                    "online": online,
                    "availability": data["availability"],
                }
                # Every process delivers the event, so each tells its own sockets.
                await self.fanout.signal_here(
                    AGENT,
                    f"account:{wire['account_id']}",
                    envelope(None, "presence.updated", wire["occurred_at"], presence),
                    None,
                )
        conversation_id = wire.get("conversation_id")
        for user_id in wire["lost"] if conversation_id else []:
            for sid, _ in list(self.fanout.participants(AGENT, [user_room(user_id)])):
                await self.leave_conversation(sid, uuid.UUID(conversation_id))

    async def leave_conversation(self, sid: str, conversation_id: uuid.UUID) -> None:
        listener = self.fanout.listeners.get(sid)
        if listener is None or conversation_id not in listener.rooms:
            return
        listener.rooms.discard(conversation_id)
        await self.sio.leave_room(sid, conversation_room(conversation_id), namespace=AGENT)
        session = await self.sio.get_session(sid, namespace=AGENT)
        subject: Subject = session["subject"]
        if subject.user is not None and conversation_id not in session["monitoring"]:
            viewers = await self.signals.unview(conversation_id, Viewer.of(sid, subject))
            await self.emit_signal(
                AGENT,
                conversation_room(conversation_id),
                "conversation.viewers",
                {"conversation_id": str(conversation_id), "users": viewers},
                skip_sid=None,
            )
        session["monitoring"].discard(conversation_id)

    async def _revalidate_forever(self) -> None:
        while True:
            await asyncio.sleep(REVALIDATE_SECONDS)
            try:
                await self.revalidate()
                await self.fanout.sweep()
            except Exception:
                log.exception("revalidating sockets failed")

    async def revalidate(self) -> None:
        """Disconnect sockets whose credentials no longer hold; keep the rest present."""
        users: dict[uuid.UUID, list[str]] = {}
        tokens: dict[uuid.UUID, list[str]] = {}
        contacts: dict[uuid.UUID, list[str]] = {}
        viewing: list[tuple[uuid.UUID, Viewer]] = []
        for sid, listener in list(self.fanout.listeners.items()):
            if not self.sio.manager.is_connected(sid, listener.namespace):
                continue
            session = await self.sio.get_session(sid, namespace=listener.namespace)
            if listener.namespace == WIDGET:
                contacts.setdefault(session["visitor"].contact.id, []).append(sid)
                continue
            subject: Subject = session["subject"]
            if subject.user is not None:
                users.setdefault(subject.user.id, []).append(sid)
                viewing += [
                    (c, Viewer.of(sid, subject))
                    for c in listener.rooms
                    if c not in session["monitoring"]
                ]
            elif subject.api_token is not None:
                tokens.setdefault(subject.api_token.id, []).append(sid)
        now = utcnow()
        async with self.resources.reader() as db:
            live_users = (
                set(await db.scalars(select(User.id).where(User.id.in_(users), User.is_active)))
                if users
                else set()
            )
            live_tokens = (
                set(
                    await db.scalars(
                        select(ApiToken.id).where(
                            ApiToken.id.in_(tokens),
                            ApiToken.revoked_at.is_(None),
                            (ApiToken.expires_at.is_(None)) | (ApiToken.expires_at > now),
                        )
                    )
                )
                if tokens
                else set()
            )
            live_contacts = (
                set(
                    await db.scalars(
                        select(Contact.id).where(
                            Contact.id.in_(contacts), Contact.merged_into_id.is_(None)
                        )
                    )
                )
                if contacts
                else set()
            )
        for owners, live, namespace in (
            (users, live_users, AGENT),
            (tokens, live_tokens, AGENT),
            (contacts, live_contacts, WIDGET),
        ):
            for owner, sids in owners.items():
                if owner not in live:
                    for sid in sids:
                        await self.sio.disconnect(sid, namespace=namespace, ignore_queue=True)
        self._checks += 1
        if self._checks % REFRESH_EVERY == 0:
            await self.signals.refresh(
                {u: sids for u, sids in users.items() if u in live_users}, viewing
            )
