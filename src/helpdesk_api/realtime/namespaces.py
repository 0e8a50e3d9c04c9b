"""The two namespaces: who may connect, what clients may emit, what they are answered.

Connecting: ``auth`` carries ``token`` (an access or API token) on ``/agent``, or
``contact_token`` on ``/widget``, and ``after`` (the last seq the client has) when it
reconnects; a refused connection's ``connect_error`` carries the problem (see server.py).
Every ack is ``{ok: true, …}`` or ``{ok: false, error: {type, title, detail}}``.
"""

import asyncio
import time
import uuid
from typing import TYPE_CHECKING, Any

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
    problem_of,
)
from helpdesk_api.event_log import service as event_log
from helpdesk_api.event_log.audience import (
    contact_room,
    conversation_room,
    staff_rooms,
)
from helpdesk_api.models import Conversation, Event
from helpdesk_api.realtime.fanout import (
    AGENT,
    WIDGET,
    Envelope,
    envelope,
)
from helpdesk_api.realtime.signals import (
    TYPING_EVERY_SECONDS,
    Viewer,
)
from helpdesk_api.widget.repository import WidgetRepository
from helpdesk_api.widget.service import Visitor, widget_service

if TYPE_CHECKING:
    from helpdesk_api.realtime.server import Realtime

REPLAY_PAGE = 500


class Refused(socketio.exceptions.ConnectionRefusedError):  # type: ignore[misc]
    def __init__(self, error: HelpdeskError) -> None:
        super().__init__(error.slug, problem_of(error))


def _failed(error: HelpdeskError) -> dict[str, Any]:
    return {"ok": False, "error": problem_of(error)}


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


class _Namespace(socketio.AsyncNamespace):  # type: ignore[misc]
    def __init__(self, namespace: str, realtime: "Realtime") -> None:
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
    def __init__(self, realtime: "Realtime") -> None:
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
            viewers = await realtime.signals.view(conversation.id, Viewer.of(sid, subject))
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
    def __init__(self, realtime: "Realtime") -> None:
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
