"""Ephemeral signals: presence, who is viewing a conversation, typing.

None of them touches the database: they live in Redis with an expiry that each process
refreshes for its own sockets (a process that dies leaves nothing behind for long) and
travel as envelopes with ``seq: null`` — a client's replay cursor never moves for them.
"""

import time
import uuid
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from helpdesk_api.auth.subject import Subject

#: A socket's presence and viewing entries outlive a silent process by this much.
TTL_SECONDS = 60
#: A client sends ``typing`` on every keystroke; others hear "on" at most this often.
TYPING_EVERY_SECONDS = 2.0


@dataclass(frozen=True)
class Viewer:
    sid: str
    user_id: uuid.UUID
    name: str

    def member(self) -> str:
        return f"{self.sid}|{self.user_id}|{self.name}"

    @classmethod
    def of(cls, sid: str, subject: Subject) -> "Viewer":
        assert subject.user is not None, "only people view conversations"
        return cls(sid, subject.user.id, subject.user.name)

    @classmethod
    def parse(cls, member: str) -> "Viewer":
        sid, user_id, name = member.split("|", 2)
        return cls(sid, uuid.UUID(user_id), name)


class Signals:
    """Presence and viewing state in Redis, shared by every API process."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    def _presence(self, user_id: uuid.UUID) -> str:
        return f"{self.prefix}presence:{user_id}"

    def _viewers(self, conversation_id: uuid.UUID) -> str:
        return f"{self.prefix}viewers:{conversation_id}"

    async def came_online(self, user_id: uuid.UUID, sid: str) -> bool:
        """Count the socket in; True when it is the user's only live one (now online)."""
        now = time.time()
        key = self._presence(user_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zadd(key, {sid: now + TTL_SECONDS})
            pipe.zcard(key)
            pipe.expire(key, TTL_SECONDS)
            *_, count, _ = await pipe.execute()
        return int(count) == 1

    async def went_offline(self, user_id: uuid.UUID, sid: str) -> None:
        await self.redis.zrem(self._presence(user_id), sid)

    async def is_online(self, user_id: uuid.UUID) -> bool:
        return int(await self.redis.zcount(self._presence(user_id), time.time(), "+inf")) > 0

    async def view(self, conversation_id: uuid.UUID, viewer: Viewer) -> list[dict[str, Any]]:
        key = self._viewers(conversation_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {viewer.member(): time.time() + TTL_SECONDS})
            pipe.expire(key, TTL_SECONDS)
            await pipe.execute()
        return await self.viewers(conversation_id)

    async def unview(self, conversation_id: uuid.UUID, viewer: Viewer) -> list[dict[str, Any]]:
        await self.redis.zrem(self._viewers(conversation_id), viewer.member())
        return await self.viewers(conversation_id)

    async def viewers(self, conversation_id: uuid.UUID) -> list[dict[str, Any]]:
        """Who is viewing now: each user once, whatever number of tabs they have open."""
        members = await self.redis.zrangebyscore(
            self._viewers(conversation_id), time.time(), "+inf"
        )
        users: dict[uuid.UUID, str] = {}
        for member in members:
            viewer = Viewer.parse(member if isinstance(member, str) else member.decode())
            users[viewer.user_id] = viewer.name
        return [{"id": str(u), "name": n} for u, n in sorted(users.items(), key=lambda x: x[1])]

    async def refresh(
        self, online: dict[uuid.UUID, list[str]], viewing: list[tuple[uuid.UUID, Viewer]]
    ) -> None:
        """Keep this process's live sockets (by user) from expiring: one pipeline, one
        ZADD per user."""
        if not online and not viewing:
            return
        until = time.time() + TTL_SECONDS
        async with self.redis.pipeline(transaction=False) as pipe:
            for user_id, sids in online.items():
                pipe.zadd(self._presence(user_id), dict.fromkeys(sids, until))
                pipe.expire(self._presence(user_id), TTL_SECONDS)
            for conversation_id, viewer in viewing:
                pipe.zadd(self._viewers(conversation_id), {viewer.member(): until})
                pipe.expire(self._viewers(conversation_id), TTL_SECONDS)
            await pipe.execute()
