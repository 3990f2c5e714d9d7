"""Choosing the engines the settings ask for."""

from __future__ import annotations

import logging

import anthropic

from ghl_real_estate_ai.intelligence.batching import BatchEngine, MicroBatcher
from ghl_real_estate_ai.intelligence.claude import AuditSink, ClaudeEngine
from ghl_real_estate_ai.intelligence.claude.cache import MemoryCache, RedisCache, RefinementCache
from ghl_real_estate_ai.intelligence.claude.rate_limits import RateLimitTracker
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine
from ghl_real_estate_ai.settings import Settings

logger = logging.getLogger(__name__)


def build_engine(settings: Settings) -> AnalysisEngine:
    """The local engine: it answers every request at once, whatever the mode (Claude refines it)."""
    return load_local_engine(settings.model_cache_dir)


def batched(engine: AnalysisEngine, settings: Settings) -> AnalysisEngine:
    """The engine behind a micro-batcher when it can read batches (the local engine can); as given
    otherwise (an engine a test or a team supplies that reads one message at a time)."""
    if not isinstance(engine, BatchEngine):
        return engine
    return MicroBatcher(
        engine, max_batch=settings.engine_batch_max, window_s=settings.engine_batch_window_ms / 1000
    )


def build_claude_engine(settings: Settings, audit: AuditSink) -> ClaudeEngine | None:
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
        timeout=settings.claude.timeout_s,
        max_retries=0,  # the engine retries itself, inside its deadline (see ClaudeEngine)
        # Every response's rate-limit headers, for get_rate_limit_status().
        http_client=anthropic.DefaultAsyncHttpxClient(event_hooks={"response": [rate_limits.on_response]}),
    )
    cache: RefinementCache = RedisCache(settings.redis_url) if settings.redis_url else MemoryCache()
    return ClaudeEngine(client, settings.claude, audit=audit, cache=cache, rate_limits=rate_limits)
