"""Choosing the engines the settings ask for."""

from __future__ import annotations

import logging

import anthropic

from ghl_real_estate_ai.intelligence.claude import AuditSink, ClaudeEngine
from ghl_real_estate_ai.intelligence.claude.cache import MemoryCache, RedisCache, RefinementCache
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine
from ghl_real_estate_ai.settings import Settings

logger = logging.getLogger(__name__)


def build_engine(settings: Settings) -> AnalysisEngine:
    """The local engine: it answers every request at once, whatever the mode (Claude refines it)."""
    return load_local_engine(settings.model_cache_dir)


def build_claude_engine(settings: Settings, audit: AuditSink) -> ClaudeEngine | None:
    """The Claude refiner for the claude and hybrid modes; None in local mode or without a key."""
    if settings.engine == "local":
        return None
    if settings.anthropic_api_key is None:
        logger.warning(
            "engine mode %r needs ANTHROPIC_API_KEY: the local engine answers alone", settings.engine
        )
        return None
    client = anthropic.AsyncAnthropic(
        api_key=settings.anthropic_api_key.get_secret_value(),
        base_url=settings.anthropic_base_url,
        timeout=settings.claude.timeout_s,
        max_retries=0,  # the engine retries itself, inside its deadline (see ClaudeEngine)
    )
    cache: RefinementCache = RedisCache(settings.redis_url) if settings.redis_url else MemoryCache()
    return ClaudeEngine(client, settings.claude, audit=audit, cache=cache)
