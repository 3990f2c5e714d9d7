"""What Anthropic last said about our rate limits, read from its `anthropic-ratelimit-*` response headers.

The headers come on every response (successes and 429s alike); the tracker keeps the latest set. Nothing
is guessed: a limit the API has not reported yet is null."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
from pydantic import BaseModel

PREFIX = "anthropic-ratelimit-"


class RateLimitStatus(BaseModel):
    """`status`: "not configured" (no Claude), "no calls yet", "ok", or "limited" (last answer a 429)."""

    status: str
    observed_at: datetime | None = None
    last_status_code: int | None = None
    retry_after_s: float | None = None
    requests_limit: int | None = None
    requests_remaining: int | None = None
    requests_reset: str | None = None
    tokens_limit: int | None = None
    tokens_remaining: int | None = None
    tokens_reset: str | None = None
    input_tokens_limit: int | None = None
    input_tokens_remaining: int | None = None
    output_tokens_limit: int | None = None
    output_tokens_remaining: int | None = None


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class RateLimitTracker:
    def __init__(self) -> None:
        self._latest: RateLimitStatus | None = None
        self._at = time.monotonic()

    async def on_response(self, response: httpx.Response) -> None:
        """An httpx response hook on the Anthropic client."""
        headers = response.headers
        if not any(key.startswith(PREFIX) for key in headers):
            return

        def get(name: str) -> str | None:
            value: str | None = headers.get(PREFIX + name)
            return value

        self._latest = RateLimitStatus(
            status="limited" if response.status_code == 429 else "ok",
            observed_at=datetime.now(UTC),
            last_status_code=response.status_code,
            retry_after_s=_float(headers.get("retry-after")),
            requests_limit=_int(get("requests-limit")),
            requests_remaining=_int(get("requests-remaining")),
            requests_reset=get("requests-reset"),
            tokens_limit=_int(get("tokens-limit")),
            tokens_remaining=_int(get("tokens-remaining")),
            tokens_reset=get("tokens-reset"),
            input_tokens_limit=_int(get("input-tokens-limit")),
            input_tokens_remaining=_int(get("input-tokens-remaining")),
            output_tokens_limit=_int(get("output-tokens-limit")),
            output_tokens_remaining=_int(get("output-tokens-remaining")),
        )

    def status(self) -> RateLimitStatus:
        return self._latest or RateLimitStatus(status="no calls yet")
