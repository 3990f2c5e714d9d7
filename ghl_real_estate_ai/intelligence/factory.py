"""Choosing the engines the settings ask for."""

from __future__ import annotations

import logging
from typing import Literal, Protocol

import anthropic
from pydantic import SecretStr

from ghl_real_estate_ai.intelligence.claude import AuditSink, ClaudeConfig, ClaudeEngine
from ghl_real_estate_ai.intelligence.claude.cache import MemoryCache, RedisCache, RefinementCache
from ghl_real_estate_ai.intelligence.claude.rate_limits import RateLimitTracker
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine

logger = logging.getLogger(__name__)


class EngineSettings(Protocol):
    @property
    def model_cache_dir(self) -> str: ...

    @property
    def engine(self) -> str: ...


class ClaudeSettings(EngineSettings, Protocol):
    @property
    def anthropic_api_key(self) -> SecretStr | None: ...
    @property
    def anthropic_base_url(self) -> str | None: ...
    @property
    def redis_url(self) -> str | None: ...
    @property
    def claude_model(self) -> str: ...
    @property
    def claude_max_tokens(self) -> int: ...
    @property
    def claude_temperature(self) -> float | None: ...
    @property
    def claude_timeout_s(self) -> float: ...
    @property
    def claude_max_retries(self) -> int: ...
    @property
    def claude_deadline_s(self) -> float: ...
    @property
    def claude_output_mode(self) -> Literal["tool", "json"]: ...
    @property
    def claude_concurrency(self) -> int: ...
    @property
    def claude_breaker_threshold(self) -> int: ...
    @property
    def claude_breaker_cool_down_s(self) -> float: ...
    @property
    def claude_retry_after_cap_s(self) -> float: ...
    @property
    def claude_backoff_base_s(self) -> float: ...


def build_engine(settings: EngineSettings) -> AnalysisEngine:
    """The local engine: it answers every request at once, whatever the mode (Claude refines it)."""
    return load_local_engine(settings.model_cache_dir)


def build_claude_engine(settings: ClaudeSettings, audit: AuditSink) -> ClaudeEngine | None:
    """The Claude refiner for the claude and hybrid modes; None in local mode or without a key."""
    if settings.engine == "local":
        return None
    if settings.anthropic_api_key is None:
        logger.warning(
            "engine mode %r needs ANTHROPIC_API_KEY: the local engine answers alone", settings.engine
        )
        return None
    rate_limits = RateLimitTracker()
    client = anthropic.AsyncAnthropic(
        api_key=settings.anthropic_api_key.get_secret_value(),
        base_url=settings.anthropic_base_url,
        timeout=settings.claude_timeout_s,
        max_retries=0,  # the engine retries itself, inside its deadline (see ClaudeEngine)
        # Every response's rate-limit headers, for get_rate_limit_status().
        http_client=anthropic.DefaultAsyncHttpxClient(event_hooks={"response": [rate_limits.on_response]}),
    )
    config = ClaudeConfig(
        model=settings.claude_model,
        max_tokens=settings.claude_max_tokens,
        temperature=settings.claude_temperature,
        timeout_s=settings.claude_timeout_s,
        max_retries=settings.claude_max_retries,
        deadline_s=settings.claude_deadline_s,
        output_mode=settings.claude_output_mode,
        concurrency=settings.claude_concurrency,
        breaker_threshold=settings.claude_breaker_threshold,
        breaker_cool_down_s=settings.claude_breaker_cool_down_s,
        retry_after_cap_s=settings.claude_retry_after_cap_s,
        backoff_base_s=settings.claude_backoff_base_s,
    )
    cache: RefinementCache = RedisCache(settings.redis_url) if settings.redis_url else MemoryCache()
    return ClaudeEngine(client, config, audit=audit, cache=cache, rate_limits=rate_limits)
