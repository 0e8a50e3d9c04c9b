"""The agent app's figures: the gzipped size of its initial JavaScript, and, measured in
Chromium (playwright-core) against the seeded benchmark dataset, the time from login to
the first 25 conversations on screen and from a customer's message to the agent's screen.

    .venv/bin/python -m bench.agent_app \\
        --database-url postgresql://postgres@127.0.0.1:5432/helpdesk_bench

The dataset comes from ``bench.generate``; the app from ``frontend/dist`` (``./dev serve``
or ``npm run build`` builds it). The server and the worker run as separate processes, as
in production; the browser logs in as ``admin1@bench.example``.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from bench.routing import worker_process
from bench.server import AppServer

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "frontend" / "dist"
SECRET_KEY = "bench-agent-app-secret-key-0123456789abcdef"
TARGET_KB = 250


def initial_javascript(dist: Path = DIST) -> list[Path]:
    """The scripts ``index.html`` loads before the first screen: the entry and the
    chunks it preloads (lazy routes are not counted)."""
    html = (dist / "index.html").read_text()
    sources = re.findall(r'<script[^>]+src="/([^"]+\.js)"', html)
    sources += re.findall(r'<link[^>]+rel="modulepreload"[^>]+href="/([^"]+\.js)"', html)
    return [dist / source for source in dict.fromkeys(sources)]


def gzipped_kb(paths: list[Path]) -> float:
    return sum(len(gzip.compress(path.read_bytes(), 9)) for path in paths) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/helpdesk_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--logins", type=int, default=10, help="timed logins")
    parser.add_argument("--messages", type=int, default=30, help="timed customer messages")
    parser.add_argument("--sizes-only", action="store_true")
    args = parser.parse_args(argv)

    scripts = initial_javascript()
    size = gzipped_kb(scripts)
    verdict = "within" if size <= TARGET_KB else "OVER"
    print(
        f"initial JavaScript: {len(scripts)} file(s), {size:.1f} KB gzipped "
        f"({verdict} the {TARGET_KB} KB target)"
    )
    if args.sizes_only:
        return

    env = {
        **os.environ,
        "HELPDESK_DATABASE_URL": args.database_url,
        "HELPDESK_REDIS_URL": args.redis_url,
        "HELPDESK_REDIS_PREFIX": f"bench-app-{uuid.uuid4().hex[:6]}:",
        "HELPDESK_SECRET_KEY": SECRET_KEY,
        "HELPDESK_LOGIN_MAX_ATTEMPTS_PER_IP": "100000",
        "HELPDESK_LOGIN_MAX_ATTEMPTS_PER_EMAIL": "100000",
        "HELPDESK_WIDGET_SESSIONS_PER_IP_PER_HOUR": "100000",
    }
    os.environ.update(env)
    chromium, node = shutil.which("chromium"), shutil.which("node")
    if node is None:
        sys.exit("Node.js 20 or newer is needed")
    if chromium is None:
        sys.exit("Chromium is needed: apt-get install chromium")
    with worker_process(env), AppServer(args.database_url, args.redis_url, SECRET_KEY) as server:
        result = subprocess.run(  # noqa: S603 - our own script, by absolute path
            [node, "bench/agent-app.mjs"],
            cwd=ROOT / "frontend",
            env={
                **env,
                "HELPDESK_E2E_BASE_URL": server.base_url,
                "HELPDESK_CHROMIUM": chromium,
                "BENCH_LOGINS": str(args.logins),
                "BENCH_MESSAGES": str(args.messages),
            },
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        sys.exit(f"the browser run failed:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    for name, label in (
        ("login", "login → first 25 conversations shown"),
        ("message", "customer message → agent's screen"),
    ):
        f = figures[name]
        spread = f"p50 {f['p50']:.0f} ms · p95 {f['p95']:.0f} ms · max {f['max']:.0f} ms"
        print(f"{label}: n={f['n']} {spread}")


if __name__ == "__main__":
    main()
