"""The web apps in a real browser: each ``frontend/e2e/*.e2e.ts`` file runs under Vitest,
driving Debian's Chromium with playwright-core against the app served by a process of its
own (``create_server`` with the worker inside, as ``helpdesk-api serve`` runs it)."""

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from helpdesk_api.settings import Settings
from tests.realtime.conftest import server_process

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
SPECS = sorted(p.name for p in (FRONTEND / "e2e").glob("*.e2e.ts"))
CHROMIUM = os.environ.get("HELPDESK_CHROMIUM") or shutil.which("chromium")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (.ci/run installs Debian's chromium package)",
)


@pytest.mark.parametrize("spec", SPECS)
async def test_in_the_browser(settings: Settings, spec: str) -> None:
    dist = FRONTEND / "dist"
    assert (dist / "index.html").is_file(), "the web apps are not built: run ./dev test"
    async with server_process(
        settings,
        HELPDESK_RUN_WORKER_IN_PROCESS="true",
        HELPDESK_FRONTEND_DIR=str(dist),
        HELPDESK_LOGIN_MAX_ATTEMPTS_PER_IP="10000",
        HELPDESK_LOGIN_MAX_ATTEMPTS_PER_EMAIL="10000",
        HELPDESK_WIDGET_SESSIONS_PER_IP_PER_HOUR="10000",
    ) as live:
        process = await asyncio.create_subprocess_exec(
            str(FRONTEND / "node_modules" / ".bin" / "vitest"),
            "run",
            "-c",
            "vitest.e2e.config.ts",
            f"e2e/{spec}",
            cwd=FRONTEND,
            env={
                **os.environ,
                "HELPDESK_E2E_BASE_URL": live.url,
                "HELPDESK_CHROMIUM": str(CHROMIUM),
            },
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
    assert process.returncode == 0, output.decode(errors="replace")
