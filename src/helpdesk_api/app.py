"""The ASGI application: REST API under /api/v1, Socket.IO at /socket.io, health checks,
error handling."""

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import socketio  # type: ignore[import-untyped]
from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from starlette.types import ASGIApp

from helpdesk_api import __version__
from helpdesk_api.api_tokens.router import router as api_tokens_router
from helpdesk_api.attachments.router import router as attachments_router
from helpdesk_api.auth.router import router as auth_router
from helpdesk_api.canned_responses.router import router as canned_responses_router
from helpdesk_api.contacts.router import router as contacts_router
from helpdesk_api.conversations.router import router as conversations_router
from helpdesk_api.errors import document_problems, install_error_handlers
from helpdesk_api.event_log.router import router as event_log_router
from helpdesk_api.health.router import router as health_router
from helpdesk_api.inboxes.router import router as inboxes_router
from helpdesk_api.kit.body_limit import BodyLimit
from helpdesk_api.kit.nul import RefuseNul, refuse_nul_in_body
from helpdesk_api.labels.router import router as labels_router
from helpdesk_api.messages.router import router as messages_router
from helpdesk_api.notifications.router import router as notifications_router
from helpdesk_api.overview.router import router as overview_router
from helpdesk_api.realtime.server import Realtime
from helpdesk_api.resources import Resources
from helpdesk_api.schedules.router import router as schedules_router
from helpdesk_api.settings import Settings
from helpdesk_api.team_chat.router import router as team_chat_router
from helpdesk_api.teams.router import router as teams_router
from helpdesk_api.users.router import me_router
from helpdesk_api.users.router import router as users_router
from helpdesk_api.web.router import mount_web
from helpdesk_api.widget.router import router as widget_router
from helpdesk_api.worker import running_worker

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


DESCRIPTION = """\
Errors are [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problems
(`application/problem+json`); a 422 names each field at fault in `errors[].loc`.

Text never holds U+0000 (NUL): a request with it anywhere (a body field or key, a query
or path parameter, a header) is answered 422.
"""


class HelpdeskAPI(FastAPI):
    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            self.openapi_schema = document_problems(super().openapi())
        return self.openapi_schema


def operation_id(route: APIRoute) -> str:
    """Readable, stable operation ids for generated clients: ``users-update_user``."""
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


#: The domain routers, served under ``API_PREFIX``. Each is included in the app itself
#: (not in a router of routers): a request is matched against the routes in this order, so
#: the busiest come first.
API_ROUTERS: tuple[APIRouter, ...] = (
    conversations_router,
    messages_router,
    widget_router,
    event_log_router,
    labels_router,
    me_router,
    contacts_router,
    attachments_router,
    canned_responses_router,
    auth_router,
    users_router,
    teams_router,
    inboxes_router,
    schedules_router,
    api_tokens_router,
    notifications_router,
    team_chat_router,
    overview_router,
)


def create_server(settings: Settings | None = None) -> ASGIApp:
    """What ``helpdesk-api serve`` runs: the app, with Socket.IO taken off at the door.

    ``/socket.io`` is answered before FastAPI's middleware stack, which a websocket mounted
    inside the app would otherwise keep in memory for as long as it stays connected.
    """
    app = create_app(settings)
    realtime: Realtime = app.state.realtime
    server: ASGIApp = socketio.ASGIApp(realtime.sio, other_asgi_app=app)
    return server


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    realtime = Realtime(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resources = Resources.open(settings)
        app.state.resources = resources
        async with contextlib.AsyncExitStack() as stack:
            stack.push_async_callback(resources.close)
            await realtime.start(resources)
            stack.push_async_callback(realtime.stop)
            if settings.run_worker_in_process:
                await stack.enter_async_context(running_worker(settings))
            yield

    app = HelpdeskAPI(
        title="Helpdesk API",
        version=__version__,
        summary="An API-first customer-service platform.",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RefuseNul)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.state.realtime = realtime
    app.mount("/socket.io", realtime.asgi)
    app.include_router(health_router)
    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX, dependencies=[Depends(refuse_nul_in_body)])
    mount_web(app, settings)
    return app
