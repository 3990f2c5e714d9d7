"""The spec's `claude_client` of its troubleshooting section: Claude as this service is using it."""

from __future__ import annotations

from ghl_real_estate_ai.intelligence.claude import ClaudeEngine
from ghl_real_estate_ai.intelligence.claude.rate_limits import RateLimitStatus


class ClaudeClient:
    """`await claude_client.get_rate_limit_status()`: Anthropic's latest rate-limit headers, or
    "not configured" when the service runs without Claude (local mode, or no API key)."""

    def __init__(self, engine: ClaudeEngine | None) -> None:
        self.engine = engine

    async def get_rate_limit_status(self) -> RateLimitStatus:
        if self.engine is None:
            return RateLimitStatus(status="not configured")
        return await self.engine.get_rate_limit_status()
