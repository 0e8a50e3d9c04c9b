"""The browser apps, served from the API's own origin by ``helpdesk-api serve``.

- ``/`` and every path of the agent app: ``index.html`` (the app routes in the browser);
- ``/assets/…``: the agent app's hashed bundles, cached for good;
- ``/widget/?inbox=KEY`` and ``/widget/assets/…``: the customer widget's page (framed only
  where the inbox allows: ``Content-Security-Policy: frame-ancestors``) and bundles;
- ``/widget.js``: the loader customers paste on their sites, revalidated on every load so
  a new release reaches every site at once.

``frontend/dist`` is built by ``./dev serve`` (``npm run build``) and by the Dockerfile.
"""

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from helpdesk_api.errors import on_http_error
from helpdesk_api.kit.dependencies import SessionDep, SettingsDep
from helpdesk_api.settings import Settings
from helpdesk_api.widget.appearance import page_policy

#: Hashed file names never change content.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

NO_WIDGET = """<!doctype html><meta charset="utf-8"><title>Helpdesk</title>
<p>No active inbox has this widget key.</p>"""

NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>Helpdesk</title>
<p>The web app is not built. <code>./dev serve</code> builds it; or run
<code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code>.</p>"""

#: Paths the app's fallback never answers: they belong to the API.
RESERVED = ("api/", "socket.io", "healthz", "readyz", "assets/", "widget/")


class HashedFiles(StaticFiles):
    """Static files under a hashed-names folder, with a far-future cache."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = IMMUTABLE
        return response


def mount_web(app: FastAPI, settings: Settings) -> None:
    dist = settings.frontend_dir
    for prefix, folder in (
        ("/widget/assets", dist / "widget" / "assets"),
        ("/assets", dist / "assets"),
    ):
        app.mount(prefix, HashedFiles(directory=folder, check_dir=False), name=prefix)
    app.include_router(_pages(dist))
    app.add_exception_handler(404, _app_or_problem(dist))


def _page(path: Path, headers: dict[str, str] | None = None) -> Response:
    if not path.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": REVALIDATE})
    return FileResponse(path, headers={"Cache-Control": REVALIDATE, **(headers or {})})


def _pages(dist: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/widget.js")
    def loader() -> Response:
        return _page(dist / "widget.js")

    @router.get("/widget/")
    async def widget(
        session: SessionDep, settings: SettingsDep, inbox: str = Query(default="", max_length=64)
    ) -> Response:
        """The widget's page for one inbox, framed only by the pages the inbox allows."""
        policy = await page_policy(session, settings, inbox)
        if policy is None:
            return HTMLResponse(NO_WIDGET, status_code=404, headers={"Cache-Control": REVALIDATE})
        return _page(dist / "widget" / "index.html", {"Content-Security-Policy": policy})

    @router.get("/favicon.svg")
    def favicon() -> Response:
        return _page(dist / "favicon.svg")

    return router


def _app_or_problem(dist: Path) -> Callable[[Request, Exception], Awaitable[Response]]:
    """A 404 on a GET outside the API is a path of the agent app: its page answers, and
    the app shows the screen (or its own "not found"). Everything else stays a problem."""

    async def on_not_found(request: Request, exc: Exception) -> Response:
        path = request.url.path.lstrip("/")
        if request.method in ("GET", "HEAD") and not path.startswith(RESERVED):
            return _page(dist / "index.html")
        return await on_http_error(request, exc)

    return on_not_found
