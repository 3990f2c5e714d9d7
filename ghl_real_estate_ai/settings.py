"""All configuration in one place, read from the environment (names in interfaces.md)."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-change-me"
MIN_SECRET_KEY_LENGTH = 16


class EngineMode(StrEnum):
    LOCAL = "local"
    CLAUDE = "claude"
    HYBRID = "hybrid"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


OutputMode = Literal["tool", "json"]


class ClaudeConfig(BaseSettings):
    """The spec's CLAUDE_CONFIG as defaults, with a current model id; every guard is tunable.

    Written once: each option is read from the environment as CLAUDE_<NAME> (CLAUDE_DEADLINE_S, ...),
    and Settings carries it whole as `settings.claude`."""

    model_config = SettingsConfigDict(env_prefix="CLAUDE_", env_file=".env", extra="ignore", frozen=True)

    model: str = "claude-sonnet-4-6"
    max_tokens: int = Field(default=1024, gt=0)
    temperature: float | None = 0.1
    timeout_s: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=2, ge=0)
    # Deadlines and cool-downs are small in tests.
    deadline_s: float = Field(default=8.0, gt=0)
    output_mode: OutputMode = "tool"
    concurrency: int = Field(default=8, gt=0)
    breaker_threshold: int = Field(default=5, gt=0)
    breaker_cool_down_s: float = Field(default=30.0, gt=0)
    retry_after_cap_s: float = Field(default=5.0, ge=0)
    backoff_base_s: float = Field(default=0.5, ge=0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Environment = Field(default=Environment.DEVELOPMENT, alias="ENTERPRISEHUB_ENV")
    database_url: str = Field(default="sqlite+aiosqlite:///./var/enterprisehub.db", alias="DATABASE_URL")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")

    anthropic_api_key: SecretStr | None = Field(default=None, alias="ANTHROPIC_API_KEY")
    anthropic_base_url: str | None = Field(default=None, alias="ANTHROPIC_BASE_URL")
    engine_mode: EngineMode | None = Field(default=None, alias="ENTERPRISEHUB_ENGINE")
    claude: ClaudeConfig = Field(default_factory=ClaudeConfig)

    ghl_api_base_url: str = Field(default="https://services.leadconnectorhq.com", alias="GHL_API_BASE_URL")
    # PEM text; unset means GHL's published keys (ghl/signatures.py).
    ghl_webhook_ed25519_public_key: str | None = Field(default=None, alias="GHL_WEBHOOK_ED25519_PUBLIC_KEY")
    ghl_webhook_rsa_public_key: str | None = Field(default=None, alias="GHL_WEBHOOK_RSA_PUBLIC_KEY")
    ghl_webhook_max_age_seconds: float = Field(default=300.0, alias="GHL_WEBHOOK_MAX_AGE_SECONDS")
    ghl_webhook_max_bytes: int = Field(default=256 * 1024, alias="GHL_WEBHOOK_MAX_BYTES")
    ghl_inbox_backlog_limit: int = Field(default=100_000, alias="GHL_INBOX_BACKLOG_LIMIT")
    ghl_contacts_version: str = Field(default="2021-07-28", alias="GHL_CONTACTS_VERSION")
    ghl_conversations_version: str = Field(default="2021-04-15", alias="GHL_CONVERSATIONS_VERSION")
    ghl_rate_limit_max: int = Field(default=100, alias="GHL_RATE_LIMIT_MAX")
    ghl_rate_limit_interval_seconds: float = Field(default=10.0, alias="GHL_RATE_LIMIT_INTERVAL_SECONDS")
    ghl_http_timeout_seconds: float = Field(default=15.0, alias="GHL_HTTP_TIMEOUT_SECONDS")
    ghl_outbox_max_attempts: int = Field(default=8, alias="GHL_OUTBOX_MAX_ATTEMPTS")
    ghl_backoff_base_seconds: float = Field(default=2.0, alias="GHL_BACKOFF_BASE_SECONDS")
    ghl_backoff_max_seconds: float = Field(default=600.0, alias="GHL_BACKOFF_MAX_SECONDS")
    ghl_send_lease_seconds: float = Field(default=60.0, alias="GHL_SEND_LEASE_SECONDS")
    # Modules imported when the worker starts, so their @handle_webhook handlers run for each event
    # (comma-separated: "myteam.ghl_handlers,myteam.alerts").
    ghl_handler_modules: str = Field(default="", alias="ENTERPRISEHUB_GHL_HANDLERS")
    worker_enabled: bool = Field(default=True, alias="ENTERPRISEHUB_WORKER")
    worker_poll_seconds: float = Field(default=0.5, alias="ENTERPRISEHUB_WORKER_POLL_SECONDS")
    worker_senders: int = Field(default=4, alias="ENTERPRISEHUB_WORKER_SENDERS")

    secret_key: SecretStr = Field(default=SecretStr(DEVELOPMENT_SECRET), alias="ENTERPRISEHUB_SECRET_KEY")
    encryption_keys: SecretStr | None = Field(default=None, alias="ENTERPRISEHUB_ENCRYPTION_KEYS")
    # The HMAC key of email/phone look-up hashes (security/lookup_hash.py). It never rotates with the
    # encryption keys: a new one would need every hash recomputed. Unset: generated once, kept locally.
    lookup_key: SecretStr | None = Field(default=None, alias="ENTERPRISEHUB_LOOKUP_KEY")
    # Retention (services/retention.py): a location's own `retention_days` wins; this is the default for
    # locations without one (unset: kept until erased). The worker purges every interval.
    retention_default_days: int | None = Field(default=None, gt=0, alias="ENTERPRISEHUB_RETENTION_DAYS")
    retention_purge_interval_seconds: float = Field(
        default=3600.0, gt=0, alias="ENTERPRISEHUB_RETENTION_PURGE_INTERVAL_SECONDS"
    )
    agent_token_ttl_seconds: int = Field(
        default=8 * 3600, gt=0, alias="ENTERPRISEHUB_AGENT_TOKEN_TTL_SECONDS"
    )
    # The WebSocket hub: events kept per topic for `resume` (a count and an age), events queued per
    # connection, protocol pings (a peer that does not answer one in time is closed, code 1011), and how
    # long one send may wait on a client that stopped reading before it is closed (code 4408).
    hub_retention_per_topic: int = Field(default=1000, gt=0, alias="ENTERPRISEHUB_HUB_RETENTION_PER_TOPIC")
    hub_retention_seconds: float = Field(default=3600.0, gt=0, alias="ENTERPRISEHUB_HUB_RETENTION_SECONDS")
    hub_connection_queue: int = Field(default=256, gt=0, alias="ENTERPRISEHUB_HUB_CONNECTION_QUEUE")
    hub_ping_interval_seconds: float = Field(
        default=20.0, gt=0, alias="ENTERPRISEHUB_HUB_PING_INTERVAL_SECONDS"
    )
    hub_ping_timeout_seconds: float = Field(
        default=20.0, gt=0, alias="ENTERPRISEHUB_HUB_PING_TIMEOUT_SECONDS"
    )
    hub_send_timeout_seconds: float = Field(
        default=10.0, gt=0, alias="ENTERPRISEHUB_HUB_SEND_TIMEOUT_SECONDS"
    )

    # The spec's ALERT_THRESHOLDS (defaults; a location may set its own), evaluated every
    # `alert_interval_seconds` over the last `alert_window_seconds`, from `alert_min_samples` samples on.
    alert_response_time_ms: float = Field(default=200.0, gt=0, alias="ENTERPRISEHUB_ALERT_RESPONSE_TIME_MS")
    alert_success_rate_pct: float = Field(default=95.0, alias="ENTERPRISEHUB_ALERT_SUCCESS_RATE_PCT")
    alert_accuracy_pct: float = Field(default=97.0, alias="ENTERPRISEHUB_ALERT_ACCURACY_PCT")
    alert_error_rate_pct: float = Field(default=5.0, alias="ENTERPRISEHUB_ALERT_ERROR_RATE_PCT")
    alert_queue_depth: int = Field(default=100, alias="ENTERPRISEHUB_ALERT_QUEUE_DEPTH")
    alert_window_seconds: float = Field(default=300.0, gt=0, alias="ENTERPRISEHUB_ALERT_WINDOW_SECONDS")
    alert_min_samples: int = Field(default=5, gt=0, alias="ENTERPRISEHUB_ALERT_MIN_SAMPLES")
    alert_interval_seconds: float = Field(default=5.0, gt=0, alias="ENTERPRISEHUB_ALERT_INTERVAL_SECONDS")
    # Set: GET /metrics wants `Authorization: Bearer <token>`; unset: /metrics is open.
    metrics_token: SecretStr | None = Field(default=None, alias="ENTERPRISEHUB_METRICS_TOKEN")
    # Load shedding: coaching answers (HTTP and WebSocket) in the making at once per process; beyond it a
    # request is answered at once with 503 / {"type":"error","code":"busy","retry_after_ms":...}.
    # The limit adapts to keep admitted answers within a latency budget (services/admission.py): it
    # shrinks while answers take longer, grows back to ENTERPRISEHUB_ADMISSION_LIMIT while they are fast
    # (0: a fixed limit).
    admission_limit: int = Field(default=64, gt=0, alias="ENTERPRISEHUB_ADMISSION_LIMIT")
    admission_latency_budget_ms: float = Field(
        default=100.0, ge=0, alias="ENTERPRISEHUB_ADMISSION_LATENCY_BUDGET_MS"
    )
    busy_retry_after_ms: int = Field(default=1000, gt=0, alias="ENTERPRISEHUB_BUSY_RETRY_AFTER_MS")

    # Micro-batching (intelligence/batching.py): messages that arrive while the engine reads a batch are
    # read together by its next call, up to `engine_batch_max`; a batch that starts from idle may wait
    # `engine_batch_window_ms` for companions (0: a lone message is read at once).
    engine_batch_max: int = Field(default=32, gt=0, alias="ENTERPRISEHUB_ENGINE_BATCH_MAX")
    engine_batch_window_ms: float = Field(default=0.0, ge=0, alias="ENTERPRISEHUB_ENGINE_BATCH_WINDOW_MS")

    host: str = Field(default="127.0.0.1", alias="ENTERPRISEHUB_HOST")
    port: int = Field(default=8000, alias="ENTERPRISEHUB_PORT")
    log_level: str = Field(default="INFO", alias="ENTERPRISEHUB_LOG_LEVEL")
    max_body_bytes: int = Field(default=256 * 1024, alias="ENTERPRISEHUB_MAX_BODY_BYTES")
    # Development without ENTERPRISEHUB_SECRET_KEY: a random key generated once and kept here (never the
    # public default); the embedded encryption key is kept here too.
    local_keys_dir: str = Field(default="./var/keys", alias="ENTERPRISEHUB_LOCAL_KEYS_DIR")
    # Edge limits (api/limits/): JSON nesting, request header bytes, and requests per minute per API key,
    # per agent token, and per client address (requests without credentials, and failed authentications).
    max_json_depth: int = Field(default=32, gt=0, alias="ENTERPRISEHUB_MAX_JSON_DEPTH")
    max_header_bytes: int = Field(default=16 * 1024, gt=0, alias="ENTERPRISEHUB_MAX_HEADER_BYTES")
    rate_limit_enabled: bool = Field(default=True, alias="ENTERPRISEHUB_RATE_LIMIT_ENABLED")
    rate_limit_per_key_per_minute: int = Field(default=6000, gt=0, alias="ENTERPRISEHUB_RATE_LIMIT_PER_KEY")
    rate_limit_per_token_per_minute: int = Field(
        default=600, gt=0, alias="ENTERPRISEHUB_RATE_LIMIT_PER_TOKEN"
    )
    rate_limit_per_address_per_minute: int = Field(
        default=300, gt=0, alias="ENTERPRISEHUB_RATE_LIMIT_PER_ADDRESS"
    )
    metrics_public: bool = Field(default=False, alias="ENTERPRISEHUB_METRICS_PUBLIC")
    model_cache_dir: str = Field(default="./var/models", alias="ENTERPRISEHUB_MODEL_CACHE_DIR")
    # The dashboard (`enterprisehub dashboard`): where it finds the API, how often the agent view asks it
    # for news, and optionally a file holding a location key to sign in with (make run writes the demo's).
    dashboard_api_url: str = Field(default="http://127.0.0.1:8000", alias="ENTERPRISEHUB_DASHBOARD_API_URL")
    dashboard_poll_seconds: float = Field(default=0.5, gt=0, alias="ENTERPRISEHUB_DASHBOARD_POLL_SECONDS")
    dashboard_key_file: str | None = Field(default=None, alias="ENTERPRISEHUB_DASHBOARD_KEY_FILE")
    dashboard_agent_id: str = Field(default="agent_123", alias="ENTERPRISEHUB_DASHBOARD_AGENT_ID")

    @model_validator(mode="before")
    @classmethod
    def _claude_options_by_their_names(cls, given: Any) -> Any:
        """`Settings(CLAUDE_DEADLINE_S=1)` sets `claude.deadline_s`, as the environment variable does."""
        if not isinstance(given, dict):
            return given
        named = {k: v for k, v in given.items() if isinstance(k, str) and k.upper().startswith("CLAUDE_")}
        if not named:
            return given
        rest = {k: v for k, v in given.items() if k not in named}
        options = {k.upper().removeprefix("CLAUDE_").lower(): v for k, v in named.items()}
        base = rest.get("claude")
        start = base.model_dump() if isinstance(base, ClaudeConfig) else dict(base or {})
        return {**rest, "claude": ClaudeConfig(**{**start, **options})}

    @model_validator(mode="after")
    def _refuse_unsafe_production_defaults(self) -> Settings:
        # Outside development a public default would let anyone forge agent tokens for any tenant.
        if self.environment is not Environment.DEVELOPMENT and not self.has_own_secret_key:
            raise ValueError(
                f"ENTERPRISEHUB_SECRET_KEY must be set (at least {MIN_SECRET_KEY_LENGTH} characters) "
                f"when ENTERPRISEHUB_ENV is {self.environment.value}"
            )
        return self

    @property
    def has_own_secret_key(self) -> bool:
        secret = self.secret_key.get_secret_value()
        return secret != DEVELOPMENT_SECRET and len(secret) >= MIN_SECRET_KEY_LENGTH

    @property
    def ghl_handlers(self) -> list[str]:
        return [name.strip() for name in self.ghl_handler_modules.split(",") if name.strip()]

    @cached_property
    def engine(self) -> EngineMode:
        """The engine in force: explicit setting, else hybrid with a key and local without."""
        if self.engine_mode is not None:
            return self.engine_mode
        return EngineMode.HYBRID if self.anthropic_api_key else EngineMode.LOCAL
