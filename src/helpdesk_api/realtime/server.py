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
import time
import uuid
from collections.abc import Awaitable
from typing import Any

import socketio  # type: ignore[import-untyped]
from sqlalchemy import select

from helpdesk_api.auth import policies
from helpdesk_api.auth.service import auth_service
from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.db import session_scope
from helpdesk_api.errors import (
    HelpdeskError,
    InvalidRequest,
    NotAuthenticated,
    NotFound,
    problem_type,
)
from helpdesk_api.event_log import service as event_log
from helpdesk_api.event_log.audience import contact_room, staff_rooms, user_room
from helpdesk_api.event_log.exceptions import ResyncRequired
from helpdesk_api.kit.clock import utcnow
from helpdesk_api.models import Account, ApiToken, Contact, Conversation, Event, User
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
from helpdesk_api.realtime.signals import (
    TYPING_EVERY_SECONDS,
    Signals,
    Viewer,
)
from helpdesk_api.resources import Resources
from helpdesk_api.settings import Settings
from helpdesk_api.widget.repository import WidgetRepository
from helpdesk_api.widget.service import Visitor, widget_service

log = logging.getLogger(__name__)

#: How often each process re-checks its sockets' credentials …
REVALIDATE_SECONDS = 2.0
#: … and, every so many of those checks, keeps their presence and viewing from expiring
#: (well within signals.TTL_SECONDS).
REFRESH_EVERY = 10
REPLAY_PAGE = 500


def conversation_room(conversation_id: uuid.UUID | str) -> str:
    return f"conversation:{conversation_id}"


class Refused(socketio.exceptions.ConnectionRefusedError):  # type: ignore[misc]
    def __init__(self, error: HelpdeskError) -> None:
        super().__init__(error.slug, _problem(error))


def _problem(error: HelpdeskError) -> dict[str, Any]:
    return {"type": problem_type(error.slug), "title": error.title, "detail": error.detail}


def _failed(error: HelpdeskError) -> dict[str, Any]:
    return {"ok": False, "error": _problem(error)}


def _conversation_id(data: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(data["conversation_id"]))
    except (TypeError, KeyError, ValueError):
        raise InvalidRequest("Send {conversation_id: <uuid>}.") from None


def _after(auth: dict[str, Any]) -> int | None:
    after = auth.get("after")
    if after is None:
        return None
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise Refused(InvalidRequest("auth.after must be the last seq you have (an integer ≥ 0)."))
    return after


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
                notice = envelope(None, "resync", utcnow(), {"last_seq": newest, **_problem(exc)})
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
            viewers = await self.signals.unview(conversation_id, _viewer(sid, subject))
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
                    (c, _viewer(sid, subject))
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


def _viewer(sid: str, subject: Subject) -> Viewer:
    assert subject.user is not None
    return Viewer(sid, subject.user.id, subject.user.name)


class _Namespace(socketio.AsyncNamespace):  # type: ignore[misc]
    def __init__(self, namespace: str, realtime: Realtime) -> None:
        super().__init__(namespace)
        self.realtime = realtime
        self._typing: dict[tuple[str, uuid.UUID], float] = {}

    def typing_passes(self, sid: str, conversation_id: uuid.UUID, on: bool) -> bool:
        """ "on" at most every few seconds per socket and conversation; "off" always."""
        key, now = (sid, conversation_id), time.monotonic()
        if not on:
            self._typing.pop(key, None)
            return True
        if now - self._typing.get(key, 0.0) < TYPING_EVERY_SECONDS:
            return False
        self._typing[key] = now
        return True

    def forget_typing(self, sid: str) -> None:
        for key in [k for k in self._typing if k[0] == sid]:
            del self._typing[key]


class AgentNamespace(_Namespace):
    def __init__(self, realtime: Realtime) -> None:
        super().__init__(AGENT, realtime)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("token")
        if not isinstance(token, str) or not token:
            raise Refused(NotAuthenticated("Send auth {token: <access or API token>}."))
        after = _after(auth)
        realtime = self.realtime
        try:
            async with session_scope(realtime.resources.sessionmaker) as session:
                subject = await auth_service.authenticate(session, realtime.settings, token)
        except HelpdeskError as exc:
            raise Refused(exc) from None
        await self.save_session(sid, {"subject": subject, "monitoring": set()})
        await realtime.listen(sid, AGENT, subject.account_id, after)
        for room in staff_rooms(subject):
            await self.enter_room(sid, room)
        if subject.user is not None and await realtime.signals.came_online(subject.user.id, sid):
            await self._presence(subject, online=True)
        if after is not None:

            async def replay(after: int) -> tuple[list[Envelope], int, bool]:
                async with realtime.resources.reader() as session:
                    page = await event_log.replay(session, subject, after, REPLAY_PAGE)
                envelopes = [envelope(e.seq, e.type, e.occurred_at, e.data) for e in page.events]
                return envelopes, page.last_seq, page.has_more

            realtime.spawn(realtime.catch_up(sid, subject.account_id, replay))

    async def on_disconnect(self, sid: str, *_: Any) -> None:
        realtime = self.realtime
        listener = realtime.fanout.listeners.get(sid)
        self.forget_typing(sid)
        if listener is None:
            return
        for conversation_id in list(listener.rooms):
            await realtime.leave_conversation(sid, conversation_id)
        realtime.fanout.forget(sid)
        session = await self.get_session(sid)
        subject: Subject = session["subject"]
        if subject.user is not None:
            await realtime.signals.went_offline(subject.user.id, sid)
            realtime.spawn(self._offline_after_grace(subject))

    async def _offline_after_grace(self, subject: Subject) -> None:
        await asyncio.sleep(self.realtime.settings.presence_grace_seconds)
        assert subject.user is not None
        if not await self.realtime.signals.is_online(subject.user.id):
            await self._presence(subject, online=False)

    async def _presence(self, subject: Subject, *, online: bool) -> None:
        assert subject.user is not None
        await self.realtime.emit_signal(
            AGENT,
            f"account:{subject.account_id}",
            "presence.updated",
            {
                "user_id": str(subject.user.id),
                "online": online,
                "availability": subject.user.availability,
            },
            skip_sid=None,
        )

    async def _enter(self, sid: str, data: Any, *, monitor: bool) -> dict[str, Any]:
        realtime = self.realtime
        session = await self.get_session(sid)
        subject: Subject = session["subject"]
        listener = realtime.fanout.listeners.get(sid)
        try:
            if monitor:
                policies.require_supervisor(subject)
            else:
                policies.require_user(subject)
            conversation_id = _conversation_id(data)
            async with realtime.resources.reader() as db:
                conversation = await ConversationRepository(db).get(subject, conversation_id)
        except HelpdeskError as exc:
            return _failed(exc)
        if listener is None:
            return {"ok": False}
        session["conversations"] = {
            **session.get("conversations", {}),
            conversation.id: (conversation.contact_id, conversation.inbox_id),
        }
        listener.rooms.add(conversation.id)
        await self.enter_room(sid, conversation_room(conversation.id))
        if monitor:
            session["monitoring"].add(conversation.id)
            viewers = await realtime.signals.viewers(conversation.id)
        else:
            session["monitoring"].discard(conversation.id)
            viewers = await realtime.signals.view(conversation.id, _viewer(sid, subject))
            await realtime.emit_signal(
                AGENT,
                conversation_room(conversation.id),
                "conversation.viewers",
                {"conversation_id": str(conversation.id), "users": viewers},
                skip_sid=None,
            )
        return {"ok": True, "viewers": viewers}

    async def on_view(self, sid: str, data: Any) -> dict[str, Any]:
        """Open a conversation: hear its typing, be listed among its viewers."""
        return await self._enter(sid, data, monitor=False)

    async def on_monitor(self, sid: str, data: Any) -> dict[str, Any]:
        """Owners and admins watch a live conversation unlisted."""
        return await self._enter(sid, data, monitor=True)

    async def on_unview(self, sid: str, data: Any) -> dict[str, Any]:
        try:
            conversation_id = _conversation_id(data)
        except HelpdeskError as exc:
            return _failed(exc)
        await self.realtime.leave_conversation(sid, conversation_id)
        return {"ok": True}

    async def on_typing(self, sid: str, data: Any) -> dict[str, Any]:
        """``{conversation_id, on, internal}``: ``internal`` (a note or whisper being
        written) is heard by staff only."""
        realtime = self.realtime
        session = await self.get_session(sid)
        subject: Subject = session["subject"]
        try:
            conversation_id = _conversation_id(data)
            if subject.user is None or conversation_id not in session.get("conversations", {}):
                raise InvalidRequest("Send view {conversation_id} before typing in it.")
        except HelpdeskError as exc:
            return _failed(exc)
        on = bool(data.get("on", True))
        internal = bool(data.get("internal", False))
        if not self.typing_passes(sid, conversation_id, on):
            return {"ok": True}
        who = {"type": "user", "id": str(subject.user.id), "name": subject.user.name}
        signal = {"conversation_id": str(conversation_id), "on": on, "internal": internal}
        await realtime.emit_signal(
            AGENT, conversation_room(conversation_id), "typing", {**signal, "by": who}, sid
        )
        if not internal:
            contact_id, inbox_id = session["conversations"][conversation_id]
            customer_sees = {
                "conversation_id": str(conversation_id),
                "on": on,
                "by": {"type": "user", "name": subject.user.name},
            }
            await realtime.emit_signal(
                WIDGET, contact_room(contact_id, inbox_id), "typing", customer_sees, None
            )
        return {"ok": True}


class WidgetNamespace(_Namespace):
    def __init__(self, realtime: Realtime) -> None:
        super().__init__(WIDGET, realtime)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("contact_token")
        if not isinstance(token, str) or not token:
            raise Refused(NotAuthenticated("Send auth {contact_token: <contact token>}."))
        after = _after(auth)
        realtime = self.realtime
        try:
            async with realtime.resources.reader() as session:
                visitor = await widget_service.authenticate(session, realtime.settings, token)
        except HelpdeskError as exc:
            raise Refused(exc) from None
        await self.save_session(sid, {"visitor": visitor})
        await realtime.listen(sid, WIDGET, visitor.account_id, after)
        await self.enter_room(sid, contact_room(visitor.contact.id, visitor.inbox.id))
        if after is not None:
            realtime.spawn(
                realtime.catch_up(sid, visitor.account_id, lambda a: self._replay(visitor, a))
            )

    async def _replay(self, visitor: Visitor, after: int) -> tuple[list[Envelope], int, bool]:
        """The visitor's own conversations' events in this inbox, as the widget sees them."""
        async with self.realtime.resources.reader() as session:
            rows = (
                await session.execute(
                    select(Event.seq, Event.type, Event.occurred_at, Event.widget_data)
                    .join(Conversation, Conversation.id == Event.conversation_id)
                    .where(
                        Event.account_id == visitor.account_id,
                        Event.contact_id == visitor.contact.id,
                        Event.widget_data.is_not(None),
                        Event.seq > after,
                        Conversation.inbox_id == visitor.inbox.id,
                    )
                    .order_by(Event.seq)
                    .limit(REPLAY_PAGE + 1)
                )
            ).all()
        more = len(rows) > REPLAY_PAGE
        rows = rows[:REPLAY_PAGE]
        envelopes = [envelope(r.seq, r.type, r.occurred_at, r.widget_data) for r in rows]
        return envelopes, rows[-1].seq if rows else after, more

    async def on_disconnect(self, sid: str, *_: Any) -> None:
        self.forget_typing(sid)
        self.realtime.fanout.forget(sid)

    async def on_typing(self, sid: str, data: Any) -> dict[str, Any]:
        realtime = self.realtime
        session = await self.get_session(sid)
        visitor: Visitor = session["visitor"]
        try:
            conversation_id = _conversation_id(data)
            known: set[uuid.UUID] = session.setdefault("conversations", set())
            if conversation_id not in known:
                async with realtime.resources.reader() as db:
                    found = await WidgetRepository(db).conversation(
                        visitor.contact, visitor.inbox, conversation_id, for_update=False
                    )
                if found is None:
                    raise NotFound("Conversation not found.")
                known.add(conversation_id)
        except HelpdeskError as exc:
            return _failed(exc)
        on = bool(data.get("on", True))
        if self.typing_passes(sid, conversation_id, on):
            signal = {
                "conversation_id": str(conversation_id),
                "on": on,
                "by": {"type": "contact", "id": str(visitor.contact.id)},
            }
            await realtime.emit_signal(
                AGENT, conversation_room(conversation_id), "typing", signal, None
            )
        return {"ok": True}
