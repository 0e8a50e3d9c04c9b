"""The real app served by ``helpdesk-api serve`` in a subprocess, for benchmarks."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

READY_TIMEOUT_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class AppServer:
    """``with AppServer(...) as server:`` serves at ``server.base_url`` until the block ends.

    The server runs with ``--no-migrate`` against the given database and Redis, one
    uvicorn process, logging at WARNING (no access log, which would cost time per request).
    Its output goes to a temporary file that is printed if it fails to become ready.
    """

    def __init__(self, database_url: str, redis_url: str, secret_key: str, port: int = 0) -> None:
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._workdir = tempfile.TemporaryDirectory(prefix="helpdesk-bench-")
        self._env = {
            **os.environ,
            "HELPDESK_DATABASE_URL": database_url,
            "HELPDESK_REDIS_URL": redis_url,
            "HELPDESK_SECRET_KEY": secret_key,
            "HELPDESK_DATA_DIR": self._workdir.name,
        }
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The server's process (uvicorn runs in it: one worker)."""
        assert self._process is not None, "the server is not started"
        return self._process.pid

    @property
    def _log(self) -> Path:
        return Path(self._workdir.name) / "server.log"

    def __enter__(self) -> "AppServer":
        executable = Path(sys.executable).with_name("helpdesk-api")
        command = [str(executable), "--log-level", "warning", "serve"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--no-migrate"]
        with self._log.open("wb") as log:
            self._process = subprocess.Popen(  # noqa: S603 - our own entry point, fixed arguments
                command, env=self._env, cwd=self._workdir.name, stdout=log, stderr=log
            )
        try:
            self._wait_ready()
        except BaseException:
            self._stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"the app did not become ready:\n{self._log.read_text()[-3000:]}")

    def _stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._workdir.cleanup()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop()
