"""Configuration read from ``HELPDESK_*`` environment variables (or a ``.env`` file)."""

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Uploads accepted by default: images browsers render safely, PDF, text, office documents
#: and zip archives. Never HTML, SVG or executables: they run code when opened.
DEFAULT_ATTACHMENT_TYPES = (
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/zip",
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPDESK_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL; unset means an embedded server under data_dir.",
    )
    database_pool_size: int = Field(
        default=20,
        ge=1,
        description="Database connections per process; more requests wait for one.",
    )
    redis_url: str | None = Field(
        default=None, description="Redis URL; unset means an embedded server under data_dir."
    )
    redis_prefix: str = Field(default="helpdesk:", description="Prefix of every Redis key.")
    frontend_dir: Path = Field(
        default=Path(__file__).resolve().parents[2] / "frontend" / "dist",
        description="The built web apps (agent app, widget and its loader).",
    )
    data_dir: Path = Field(default=Path("var"), description="Embedded databases and uploads.")
    secret_key: str | None = Field(
        default=None,
        description="Signs access tokens; unset means one generated once under data_dir.",
    )
    access_token_ttl_seconds: int = Field(default=900, ge=30)
    refresh_token_ttl_days: int = Field(default=30, ge=1)
    #: Events older than this are purged; a client replaying from before them resyncs.
    event_retention_days: int = Field(default=30, ge=1)
    presence_grace_seconds: float = Field(
        default=10.0,
        ge=0,
        description="An agent whose last socket closed is announced offline after this "
        "long: a page reload or a network blip does not flap their presence.",
    )
    signup_enabled: bool = True
    login_max_attempts_per_email: int = Field(
        default=10, ge=1, description="Per e-mail from one client IP, per window."
    )
    login_max_attempts_per_ip: int = Field(default=50, ge=1)
    login_max_failures_per_email: int = Field(
        default=100, ge=1, description="Failed logins of one e-mail from anywhere, per window."
    )
    login_window_seconds: int = Field(default=300, ge=1)
    run_worker_in_process: bool = Field(
        default=False, description="Run the arq worker inside the API process (embedded mode)."
    )
    create_demo_account: bool = Field(
        default=True, description="Create the demo account on a brand-new embedded database."
    )
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest request body except file uploads."
    )
    cors_origins: list[str] = Field(default_factory=list)
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Proxies whose X-Forwarded-For is trusted for the client address "
        "(comma-separated, or *).",
    )
    attachment_max_bytes: int = Field(
        default=25 * 1024 * 1024, ge=1, description="Largest accepted upload, in bytes."
    )
    attachment_allowed_types: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ATTACHMENT_TYPES),
        description="MIME types (or patterns such as 'image/*') accepted as attachments.",
    )
    widget_session_ttl_days: int = Field(
        default=30, ge=1, description="Lifetime of the contact tokens widget sessions issue."
    )
    widget_sessions_per_ip_per_hour: int = Field(
        default=60, ge=1, description="Widget sessions one client IP may start per hour."
    )

    @property
    def job_queue(self) -> str:
        return f"{self.redis_prefix}arq:queue"

    @property
    def embedded(self) -> bool:
        return self.database_url is None or self.redis_url is None

    def signing_key(self) -> str:
        """The configured secret, or one kept in the data folder so restarts keep sessions.

        Several hosts must share one: set ``HELPDESK_SECRET_KEY`` on each.
        """
        if self.secret_key:
            return self.secret_key
        return _stored_key(self.data_dir.resolve() / "secret_key")


@lru_cache(maxsize=8)
def _stored_key(path: Path) -> str:
    """Created once, owner-readable from the first byte; processes racing to create it
    all end up reading the one that won."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
