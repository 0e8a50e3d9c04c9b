"""Configuration read from ``HELPDESK_*`` environment variables (or a ``.env`` file)."""

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPDESK_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL; unset means an embedded server under data_dir.",
    )
    redis_url: str | None = Field(
        default=None, description="Redis URL; unset means an embedded server under data_dir."
    )
    redis_prefix: str = Field(default="helpdesk:", description="Prefix of every Redis key.")
    data_dir: Path = Field(default=Path("var"), description="Embedded databases and uploads.")
    secret_key: str | None = Field(
        default=None,
        description="Signs access tokens; unset means one generated once under data_dir.",
    )
    access_token_ttl_seconds: int = Field(default=900, ge=30)
    refresh_token_ttl_days: int = Field(default=30, ge=1)
    signup_enabled: bool = True
    login_max_attempts_per_email: int = Field(default=10, ge=1)
    login_max_attempts_per_ip: int = Field(default=50, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    run_worker_in_process: bool = Field(
        default=False, description="Run the arq worker inside the API process (embedded mode)."
    )
    create_demo_account: bool = Field(
        default=True, description="Create the demo account on a brand-new embedded database."
    )
    cors_origins: list[str] = Field(default_factory=list)

    @property
    def embedded(self) -> bool:
        return self.database_url is None or self.redis_url is None

    def signing_key(self) -> str:
        """The configured secret, or one kept in the data folder so restarts keep sessions."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
