"""Throughput and server CPU per request of the hot paths, beside the bare stack's ceilings.

    .venv/bin/python -m bench.throughput [--duration 10] [--connections 64]

Fills a fresh database (``--database-url``, default ``helpdesk_throughput`` on the local
server) with a small account of 300 conversations, then serves, one after the other and
each as one uvicorn worker on core 0 (uvloop, httptools, no access log):

- the bare ceilings (``bench/bare.py``): ``GET /hello`` and ``POST /insert`` of one row;
- the app, with an admin API token (an access token for ``GET /me``).

PostgreSQL's processes and the load generator (``wrk``, one thread) run on core 1 while it
measures (``--no-pin`` leaves affinities alone; they are restored afterwards). For every
request it prints ``wrk``'s throughput, error responses, and the server's CPU time per
request measured over sequential requests, then the targets of issue 6 as ratios of the
ceilings measured in the same run.
"""

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from bench.generate import (
    BENCH_PASSWORD,
    MAIN_DOMAIN,
    build,
    load,
    plain_dsn,
    prepare_database,
)
from bench.generate import (
    parse_args as generate_args,
)
from bench.server import free_port
from helpdesk_api.db import migrate

APP_CORE, OTHER_CORE = "0", "1"
API = "/api/v1"
SECRET_KEY = "bench-throughput-secret-key-0123456789abcdef"


@dataclass
class Endpoint:
    name: str
    method: str
    path: str
    token: str
    body: dict[str, object] | None = None
    #: Paths to spread the load over (``path`` when empty).
    paths: tuple[str, ...] = ()


@dataclass
class Figure:
    name: str
    rps: float
    errors: int
    cpu_ms: float | None


# --- processes ------------------------------------------------------------------------


def _pin(core: str | None) -> list[str]:
    return ["taskset", "-c", core] if core is not None else []


@contextlib.contextmanager
def uvicorn_server(target: str, env: dict[str, str], core: str | None) -> Iterator[tuple[str, int]]:
    """Serve ``target`` as one uvicorn worker; yields (base URL, pid)."""
    port = free_port()
    command = [*_pin(core), sys.executable, "-m", "uvicorn", target]
    command += ["--host", "127.0.0.1", "--port", str(port), "--loop", "uvloop"]
    command += ["--http", "httptools", "--no-access-log", "--log-level", "warning"]
    if target.endswith("create_app"):
        command.append("--factory")
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=log)  # noqa: S603
        try:
            _wait_ready(process, base_url, log)
            yield base_url, process.pid
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(process: subprocess.Popen[bytes], base_url: str, log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(httpx.TransportError):
            httpx.get(base_url + "/", timeout=2)
            return
        time.sleep(0.2)
    log.seek(0)
    raise SystemExit(f"server did not start:\n{log.read().decode()[-3000:]}")


def postgres_pids() -> list[str]:
    found = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True)  # noqa: S607
    return found.stdout.split()


@contextlib.contextmanager
def postgres_on(core: str | None) -> Iterator[None]:
    """Pin the local PostgreSQL's processes (new backends inherit it) to ``core``."""
    pids_list = postgres_pids()
    if core is None or not pids_list:
        yield
        return
    before = {pid: os.sched_getaffinity(int(pid)) for pid in pids_list}
    for pid in pids_list:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(int(pid), {int(core)})
    try:
        yield
    finally:
        for pid, cores in before.items():
            with contextlib.suppress(OSError):
                os.sched_setaffinity(int(pid), cores)
        for pid in postgres_pids():  # backends started during the run
            with contextlib.suppress(OSError):
                os.sched_setaffinity(int(pid), set(range(os.cpu_count() or 1)))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


# --- measuring ------------------------------------------------------------------------


def _wrk_script(endpoint: Endpoint, folder: Path) -> Path:
    paths = endpoint.paths or (endpoint.path,)
    lines = [
        f"wrk.method = {json.dumps(endpoint.method)}",
        "local paths = {" + ", ".join(json.dumps(p) for p in paths) + "}",
        "local n = 0",
        "request = function()",
        "  n = n + 1",
        "  return wrk.format(nil, paths[(n % #paths) + 1])",
        "end",
    ]
    if endpoint.token:
        lines.insert(1, f'wrk.headers["Authorization"] = "Bearer {endpoint.token}"')
    if endpoint.body is not None:
        lines.insert(1, 'wrk.headers["Content-Type"] = "application/json"')
        lines.insert(1, f"wrk.body = {json.dumps(json.dumps(endpoint.body))}")
    script = folder / f"{re.sub(r'[^a-z]+', '_', endpoint.name.lower())}.lua"
    script.write_text("\n".join(lines) + "\n")
    return script


def wrk(base_url: str, endpoint: Endpoint, args: argparse.Namespace, folder: Path) -> Figure:
    """``wrk``'s figures, after two untimed seconds that open every pooled connection."""
    script = _wrk_script(endpoint, folder)
    command = [*_pin(args.other_core), "wrk", "-t1", f"-c{args.connections}"]
    command += ["--latency", "--timeout", "10s", "-s", str(script), base_url]
    subprocess.run([*command, "-d2s"], capture_output=True, check=True)  # noqa: S603
    measured = [*command, f"-d{args.duration}s"]
    out = subprocess.run(measured, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
        print(f"  ({endpoint.name}: socket errors {socket_errors.group(1)})")
    latency = re.search(r"50%\s+(\S+)\s+75%\s+\S+\s+90%\s+\S+\s+99%\s+(\S+)", out)
    if latency:
        print(f"  ({endpoint.name}: latency p50 {latency.group(1)}, p99 {latency.group(2)})")
    return Figure(endpoint.name, rps, errors, None)


def sequential_cpu(base_url: str, pid: int, endpoint: Endpoint, requests: int) -> float:
    """Server CPU milliseconds per request, one request at a time."""
    paths = endpoint.paths or (endpoint.path,)
    headers = {"authorization": f"Bearer {endpoint.token}"} if endpoint.token else {}
    with httpx.Client(base_url=base_url, headers=headers) as client:
        for i in range(20):
            response = client.request(endpoint.method, paths[i % len(paths)], json=endpoint.body)
            if response.status_code >= 300:
                raise SystemExit(f"{endpoint.name}: {response.status_code} {response.text[:300]}")
        before = cpu_seconds(pid)
        for i in range(requests):
            client.request(endpoint.method, paths[i % len(paths)], json=endpoint.body)
        return (cpu_seconds(pid) - before) * 1000 / requests


def measure(
    base_url: str, pid: int, endpoint: Endpoint, args: argparse.Namespace, folder: Path
) -> Figure:
    cpu = sequential_cpu(base_url, pid, endpoint, args.sequential)
    figure = wrk(base_url, endpoint, args, folder)
    figure.cpu_ms = cpu
    print(
        f"  {figure.name:<34} {figure.rps:9,.0f} req/s  {cpu:6.2f} ms CPU  errors {figure.errors}"
    )
    return figure


# --- the app's fixture ----------------------------------------------------------------


def fill(database_url: str) -> None:
    asyncio.run(prepare_database(database_url, fresh=True))
    migrate(database_url)
    sizes = ["--conversations", "300", "--messages", "3000", "--contacts", "200"]
    builder = build(generate_args(["--database-url", database_url, *sizes]))
    asyncio.run(load(database_url, builder))


def app_endpoints(base_url: str) -> list[Endpoint]:
    with httpx.Client(base_url=base_url + API) as client:
        login = {"email": f"admin1@{MAIN_DOMAIN}", "password": BENCH_PASSWORD}
        access = client.post("/auth/login", json=login).raise_for_status().json()["access_token"]
        auth = {"authorization": f"Bearer {access}"}
        created = client.post(
            "/api-tokens", json={"name": "throughput", "role": "admin"}, headers=auth
        ).raise_for_status()
        token = created.json()["token"]
        listed = client.get(
            "/conversations", params={"limit": 100, "status": "open"}, headers=auth
        ).raise_for_status()
    ids = [c["id"] for c in listed.json()["items"]]
    conversation = f"{API}/conversations/{ids[0]}"
    reply = {"kind": "reply", "text": "Thanks, your refund is on its way."}
    return [
        Endpoint("GET /me (access token)", "GET", f"{API}/me", access),
        Endpoint("GET /labels", "GET", f"{API}/labels", token),
        Endpoint("GET /conversations/{id}", "GET", conversation, token),
        Endpoint("GET /conversations?limit=25", "GET", f"{API}/conversations?limit=25", token),
        Endpoint(
            "POST /conversations/{id}/messages",
            "POST",
            conversation + "/messages",
            token,
            reply,
            tuple(f"{API}/conversations/{i}/messages" for i in ids),
        ),
    ]


# --- the run ----------------------------------------------------------------------------

TARGETS = [
    # (endpoint, ceiling, minimum ratio)
    ("POST /conversations/{id}/messages", "bare POST /insert", 0.5),
    ("GET /conversations?limit=25", "bare GET /hello", 0.35),
    ("GET /me (access token)", "bare GET /hello", 0.5),
    ("GET /conversations/{id}", "bare GET /hello", 0.5),
    ("GET /labels", "bare GET /hello", 0.5),
]


def report(figures: dict[str, Figure]) -> bool:
    print("\n| request | req/s | ceiling | ratio | target | CPU ms/request |")
    print("|---|---|---|---|---|---|")
    met = True
    for name, ceiling, minimum in TARGETS:
        figure, bare = figures[name], figures[ceiling]
        ratio = figure.rps / bare.rps
        ok = ratio >= minimum and figure.errors == 0
        met &= ok
        cpu = f"{figure.cpu_ms:.2f}" if figure.cpu_ms is not None else "—"
        print(
            f"| `{name}` | {figure.rps:,.0f} | {bare.rps:,.0f} ({ceiling}) | {ratio:.2f} "
            f"| ≥ {minimum} {'met' if ok else 'MISSED'} | {cpu} |"
        )
    errors = sum(f.errors for f in figures.values())
    print(f"\nerror responses: {errors}; load average {os.getloadavg()[0]:.2f}")
    return met and errors == 0


def run(args: argparse.Namespace) -> bool:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    fill(args.database_url)
    figures: dict[str, Figure] = {}
    with tempfile.TemporaryDirectory(prefix="helpdesk-throughput-") as folder:
        work = Path(folder)
        with postgres_on(args.other_core):
            bare_env = {"BENCH_BARE_DSN": plain_dsn(args.database_url)}
            with uvicorn_server("bench.bare:app", bare_env, args.app_core) as (url, pid):
                print("bare stack:")
                for endpoint in (
                    Endpoint("bare GET /hello", "GET", "/hello", ""),
                    Endpoint("bare POST /insert", "POST", "/insert", "", {"body": "hello"}),
                    Endpoint("bare GET /select", "GET", "/select", ""),
                ):
                    figures[endpoint.name] = measure(url, pid, endpoint, args, work)
            app_env = {
                "HELPDESK_DATABASE_URL": args.database_url,
                "HELPDESK_REDIS_URL": args.redis_url,
                "HELPDESK_SECRET_KEY": SECRET_KEY,
                "HELPDESK_DATA_DIR": folder,
                "HELPDESK_RUN_WORKER_IN_PROCESS": "false",
            }
            app = "helpdesk_api.app:create_app"
            with uvicorn_server(app, app_env, args.app_core) as (url, pid):
                print("helpdesk-api:")
                for endpoint in app_endpoints(url):
                    figures[endpoint.name] = measure(url, pid, endpoint, args, work)
    return report(figures)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__)
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/helpdesk_throughput"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per request")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--sequential", type=int, default=300, help="requests for CPU per request")
    parser.add_argument("--no-pin", action="store_true", help="leave CPU affinities alone")
    args = parser.parse_args(argv)
    args.app_core, args.other_core = (None, None) if args.no_pin else (APP_CORE, OTHER_CORE)
    return args


def main(argv: list[str] | None = None) -> None:
    met = run(parse_args(argv))
    print("targets met" if met else "targets MISSED")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
