"""The customer widget: its weight on a customer's page, and how fast it is there.

    .venv/bin/python -m bench.widget [--runs 10] [--replies 20]

Prints the gzipped size of the loader (``frontend/dist/widget.js``, target ≤ 5 KB) and of
the widget app (its page, scripts and styles under ``frontend/dist/widget/``, target
≤ 80 KB), building ``frontend/dist`` first when it is missing. Then, against the real
server (``helpdesk-api serve`` with the worker in its process) on a fresh database
(``--database-url``, default ``helpdesk_widget_bench``), in Debian's Chromium driven by
bench/widget_timing.mjs (playwright-core from ``frontend/node_modules``):

- **tag → launcher**: from the request for ``/widget.js`` on a page of another origin to
  the launcher shown (the frame loaded, the inbox's look read), ``--runs`` cold loads;
- **reply → screen**: from just before an agent's ``POST /conversations/{id}/messages``
  to the reply on the customer's screen (the outbox, Redis, the socket, the render),
  ``--replies`` replies.
"""

import argparse
import asyncio
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.generate import prepare_database
from bench.server import AppServer
from helpdesk_api.db import migrate

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "frontend" / "dist"
LOADER_TARGET_KB = 5
APP_TARGET_KB = 80
SECRET_KEY = "bench-widget-secret-key-0123456789abcdef"


def gzipped_kb(paths: list[Path]) -> float:
    return sum(len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in paths) / 1024


def sizes() -> None:
    if not (DIST / "widget.js").is_file():
        subprocess.run(["npm", "run", "--silent", "build"], cwd=ROOT / "frontend", check=True)  # noqa: S607
    loader = gzipped_kb([DIST / "widget.js"])
    widget = DIST / "widget"
    app = gzipped_kb([widget / "index.html", *sorted((widget / "assets").iterdir())])
    figures = (("loader", loader, LOADER_TARGET_KB), ("widget app", app, APP_TARGET_KB))
    for name, kb, target in figures:
        flag = "ok" if kb <= target else "OVER TARGET"
        print(f"{name:<12} {kb:6.1f} KB gzipped (target ≤ {target} KB) {flag}")


def timings(args: argparse.Namespace) -> None:
    asyncio.run(prepare_database(args.database_url, fresh=True))
    migrate(args.database_url)
    os.environ.update(
        {
            "HELPDESK_RUN_WORKER_IN_PROCESS": "true",
            "HELPDESK_FRONTEND_DIR": str(DIST),
            "HELPDESK_REDIS_PREFIX": "bench-widget:",
            "HELPDESK_WIDGET_SESSIONS_PER_IP_PER_HOUR": "100000",
            "HELPDESK_LOGIN_MAX_ATTEMPTS_PER_IP": "100000",
        }
    )
    node = shutil.which("node")
    if node is None:
        sys.exit("bench.widget: Node.js is needed for the browser timings")
    with AppServer(args.database_url, args.redis_url, SECRET_KEY) as server:
        env = {
            **os.environ,
            "HELPDESK_E2E_BASE_URL": server.base_url,
            "BENCH_RUNS": str(args.runs),
            "BENCH_REPLIES": str(args.replies),
            "HELPDESK_CHROMIUM": os.environ.get("HELPDESK_CHROMIUM", "/usr/bin/chromium"),
        }
        script = Path(__file__).with_name("widget_timing.mjs")
        subprocess.run([node, str(script)], env=env, check=True)  # noqa: S603


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/helpdesk_widget_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--replies", type=int, default=20)
    parser.add_argument("--sizes-only", action="store_true")
    args = parser.parse_args(argv)
    sizes()
    if not args.sizes_only:
        timings(args)


if __name__ == "__main__":
    main()
