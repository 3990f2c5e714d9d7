"""All configuration in one place, read from the environment (names in interfaces.md)."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-change-me"


class EngineMode(StrEnum):
    LOCAL = "local"
    CLAUDE = "claude"
    HYBRID = "hybrid"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Environment = Field(default=Environment.DEVELOPMENT, alias="ENTERPRISEHUB_ENV")
    database_url: str = Field(default="sqlite+aiosqlite:///./var/enterprisehub.db", alias="DATABASE_URL")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")

    anthropic_api_key: SecretStr | None = Field(default=None, alias="ANTHROPIC_API_KEY")
    anthropic_base_url: str | None = Field(default=None, alias="ANTHROPIC_BASE_URL")
    claude_model: str = Field(default="claude-sonnet-4-5", alias="CLAUDE_MODEL")
    engine_mode: EngineMode | None = Field(default=None, alias="ENTERPRISEHUB_ENGINE")

    ghl_api_base_url: str = Field(default="https://services.leadconnectorhq.com", alias="GHL_API_BASE_URL")

    secret_key: SecretStr = Field(default=SecretStr(DEVELOPMENT_SECRET), alias="ENTERPRISEHUB_SECRET_KEY")
    encryption_keys: SecretStr | None = Field(default=None, alias="ENTERPRISEHUB_ENCRYPTION_KEYS")

    host: str = Field(default="127.0.0.1", alias="ENTERPRISEHUB_HOST")
    port: int = Field(default=8000, alias="ENTERPRISEHUB_PORT")
    log_level: str = Field(default="INFO", alias="ENTERPRISEHUB_LOG_LEVEL")
    max_body_bytes: int = Field(default=256 * 1024, alias="ENTERPRISEHUB_MAX_BODY_BYTES")
    model_cache_dir: str = Field(default="./var/models", alias="ENTERPRISEHUB_MODEL_CACHE_DIR")

    @model_validator(mode="after")
    def _refuse_unsafe_production_defaults(self) -> Settings:
        if (
            self.environment is Environment.PRODUCTION
            and self.secret_key.get_secret_value() == DEVELOPMENT_SECRET
        ):
            raise ValueError("ENTERPRISEHUB_SECRET_KEY must be set in production")
        return self

    @cached_property
    def engine(self) -> EngineMode:
        """The engine in force: explicit setting, else hybrid with a key and local without."""
        if self.engine_mode is not None:
            return self.engine_mode
        return EngineMode.HYBRID if self.anthropic_api_key else EngineMode.LOCAL
