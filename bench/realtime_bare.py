"""The bare python-socketio ceiling the realtime benchmark compares the app with.

    .venv/bin/python -m uvicorn bench.realtime_bare:app   (started by bench/realtime.py)

A minimal ``socketio.AsyncServer`` (ASGI, under uvicorn, the same versions as the app)
with an ``AsyncRedisManager`` on ``BENCH_RT_REDIS_URL`` / ``BENCH_RT_CHANNEL``. A client
joins the rooms named in its ``auth`` (``{"rooms": [...]}``) on ``/agent`` or ``/widget``,
and nothing else happens on the server: a driver in another process emits to the rooms
through Redis with :func:`emitter` (``write_only``), as the app's dispatcher publishes.
"""

import os
import time
from typing import Any

import socketio  # type: ignore[import-untyped]

NAMESPACES = ("/agent", "/widget")
#: A ``message.created`` envelope of the app is about this size (its conversation
#: snapshot); the bare one carries as many bytes of filler.
PAYLOAD_BYTES = 1_500


def create_server(redis_url: str, channel: str) -> socketio.AsyncServer:
    sio = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=socketio.AsyncRedisManager(redis_url, channel=channel),
        logger=False,
        engineio_logger=False,
    )

    for namespace in NAMESPACES:
        sio.on("connect", _joiner(sio, namespace), namespace=namespace)
    return sio


def _joiner(sio: socketio.AsyncServer, namespace: str) -> Any:
    async def connect(sid: str, environ: dict[str, Any], auth: Any) -> None:
        for room in (auth or {}).get("rooms", []):
            await sio.enter_room(sid, room, namespace=namespace)

    return connect


def emitter(redis_url: str, channel: str) -> socketio.AsyncRedisManager:
    """A publisher from another process, as in python-socketio's "emit from anywhere"."""
    return socketio.AsyncRedisManager(redis_url, channel=channel, write_only=True)


def bare_envelope(seq: int, message_id: str, room: str) -> dict[str, Any]:
    """Shaped like the app's ``message.created`` envelope, about as large."""
    now = time.time()
    return {
        "seq": seq,
        "type": "message.created",
        "occurred_at": now,
        "data": {
            "message": {"id": message_id, "conversation_id": room, "text": "Hello"},
            "conversation": {"filler": "x" * PAYLOAD_BYTES},
        },
    }


def _app() -> socketio.ASGIApp | None:
    redis_url = os.environ.get("BENCH_RT_REDIS_URL")
    if redis_url is None:  # imported, not served
        return None
    return socketio.ASGIApp(create_server(redis_url, os.environ["BENCH_RT_CHANNEL"]))


app = _app()
