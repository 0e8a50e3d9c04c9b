"""The built web apps are served from the API's origin; API paths stay problems."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from helpdesk_api.app import create_app
from helpdesk_api.settings import Settings


@pytest.fixture
async def web(settings: Settings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "widget" / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<title>agent app</title>")
    (dist / "assets" / "app-1a2b.js").write_text("console.log('app')")
    (dist / "widget" / "index.html").write_text("<title>widget</title>")
    (dist / "widget" / "assets" / "w-3c4d.js").write_text("console.log('widget')")
    (dist / "widget.js").write_text("/* loader */")
    app = create_app(settings.model_copy(update={"frontend_dir": dist}))
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client,
    ):
        yield client


async def test_every_app_path_answers_the_agent_app(web: httpx.AsyncClient) -> None:
    for path in ("/", "/inbox", "/inbox/5b1c", "/admin/users"):
        response = await web.get(path)
        assert response.status_code == 200, path
        assert "agent app" in response.text
        assert response.headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_cached_for_good_and_missing_ones_are_404(
    web: httpx.AsyncClient,
) -> None:
    asset = await web.get("/assets/app-1a2b.js")
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]
    assert (await web.get("/assets/gone-0000.js")).status_code == 404
    assert (await web.get("/widget/assets/w-3c4d.js")).status_code == 200


async def test_the_widget_and_its_loader(web: httpx.AsyncClient) -> None:
    # The page itself needs an inbox's key (tests/widget/test_appearance.py).
    assert (await web.get("/widget/")).status_code == 404
    loader = await web.get("/widget.js")
    assert loader.text == "/* loader */"
    assert loader.headers["cache-control"] == "no-cache"


async def test_api_paths_stay_problems(web: httpx.AsyncClient) -> None:
    missing = await web.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert (await web.post("/inbox")).status_code in (404, 405)
    assert (await web.patch("/api/v1/conversations/bulk")).status_code == 405


async def test_an_unbuilt_app_says_how_to_build_it(settings: Settings, tmp_path: Path) -> None:
    app = create_app(settings.model_copy(update={"frontend_dir": tmp_path / "none"}))
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client,
    ):
        response = await client.get("/inbox")
    assert response.status_code == 503
    assert "./dev serve" in response.text
