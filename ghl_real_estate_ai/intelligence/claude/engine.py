"""Claude as a refiner of the local reading, on the official SDK, behind every guard the issue asks for.

The SDK's own retries are off (max_retries=0): this module retries itself so it can honour `retry-after`
within the request's hard deadline, refuse to retry a spend-limit 429, and audit every attempt.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import anthropic
from pydantic import ValidationError

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.intelligence.claude.cache import MemoryCache, RefinementCache, cache_owner
from ghl_real_estate_ai.intelligence.claude.prompt import SYSTEM_PROMPT, SanitisedPrompt
from ghl_real_estate_ai.intelligence.claude.rate_limits import RateLimitStatus, RateLimitTracker
from ghl_real_estate_ai.intelligence.claude.resilience import (
    CircuitBreaker,
    CircuitState,
    RollingStats,
    logger,
)
from ghl_real_estate_ai.intelligence.claude.schema import (
    TOOL_NAME,
    ClaudeRefinement,
    apply_refinement,
    refinement_schema,
)
from ghl_real_estate_ai.settings import ClaudeConfig


@dataclass(frozen=True)
class CallContext:
    """Who a call is for: recorded with the audit row."""

    interaction_type: str = "analysis"
    agent_id: str | None = None
    location_id: str | None = None
    # The stored conversation the message belongs to: its cache entries are erased with its contact.
    conversation_key: str | None = None

    @property
    def cache_owner(self) -> str | None:
        if self.location_id is None or self.conversation_key is None:
            return None
        return cache_owner(self.location_id, self.conversation_key)


@dataclass
class ClaudeCallRecord:
    """One HTTP attempt at the Messages API, as the audit table stores it."""

    context: CallContext
    model: str
    output_mode: str
    attempt: int
    started_at_monotonic: float
    duration_ms: float
    request_sha256: str
    response_sha256: str | None
    outcome: (
        str  # ok | invalid | refused | rate_limited | spend_limit | overloaded | server_error | timeout...
    )
    error: str | None
    status_code: int | None
    pii_scrubbed: bool
    input_tokens: int | None = None
    output_tokens: int | None = None
    cache_creation_input_tokens: int | None = None
    cache_read_input_tokens: int | None = None


class AuditSink(Protocol):
    async def record(self, call: ClaudeCallRecord) -> None: ...


class NoAudit:
    async def record(self, call: ClaudeCallRecord) -> None:
        return None


class ClaudeUnavailable(Exception):
    """Claude gave no usable answer in time; the caller keeps the local answer."""


@dataclass
class _Attempts:
    transport_left: int
    invalid_left: int = 1
    number: int = 0
    failures: list[str] = field(default_factory=list)


class _Invalid(Exception):
    pass


class _StayedHome(Exception):
    pass


class ClaudeEngine:
    name = "claude"

    def __init__(
        self,
        client: anthropic.AsyncAnthropic,
        config: ClaudeConfig,
        *,
        audit: AuditSink | None = None,
        cache: RefinementCache | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        rate_limits: RateLimitTracker | None = None,
    ) -> None:
        self.client = client
        self.config = config
        self.audit = audit or NoAudit()
        self.cache = cache or MemoryCache()
        self.breaker = CircuitBreaker(config.breaker_threshold, config.breaker_cool_down_s, monotonic)
        self.stats = RollingStats()
        self._slots = asyncio.Semaphore(config.concurrency)
        self._monotonic = monotonic
        self._audits: set[asyncio.Task[None]] = set()
        self.rate_limits = rate_limits or RateLimitTracker()

    async def get_rate_limit_status(self) -> RateLimitStatus:
        """The spec's troubleshooting call: what Anthropic's rate-limit headers said last."""
        return self.rate_limits.status()

    async def drain(self) -> None:
        """Wait for audit rows still being written (shutdown, tests)."""
        while self._audits:
            await asyncio.gather(*list(self._audits), return_exceptions=True)

    async def refine(
        self, request: AnalysisRequest, local: MessageAnalysis, context: CallContext | None = None
    ) -> MessageAnalysis:
        """Claude's labels over `local`, or ClaudeUnavailable (circuit open, deadline, errors, bad output)."""
        prompt = SanitisedPrompt(request)
        owner = context.cache_owner if context is not None else None
        cached = await self.cache.get(prompt.key)
        if cached is not None:
            if owner is not None:
                await self.cache.own(prompt.key, owner)
            return apply_refinement(local, cached)
        if not self.breaker.allow():
            raise ClaudeUnavailable("circuit open")
        started = self._monotonic()
        try:
            async with asyncio.timeout(self.config.deadline_s), self._slots:
                if self.breaker.state is CircuitState.OPEN:
                    # It opened while this call queued for a slot: in an outage, queued calls stay home.
                    raise _StayedHome
                refinement = await self._ask(prompt, context or CallContext())
        except _StayedHome:
            raise ClaudeUnavailable("circuit open") from None
        except (TimeoutError, ClaudeUnavailable) as error:
            self._failed(started)
            raise ClaudeUnavailable(str(error) or "deadline exceeded") from error
        except Exception as error:  # anything unforeseen degrades too, never reaches the agent
            self._failed(started)
            raise ClaudeUnavailable(f"unexpected {type(error).__name__}") from error
        except asyncio.CancelledError:
            self.breaker.failure()
            raise
        self.breaker.success()
        self.stats.record(True, (self._monotonic() - started) * 1000)
        await self.cache.put(prompt.key, refinement, owner)
        return apply_refinement(local, refinement)

    def _failed(self, started: float) -> None:
        self.breaker.failure()
        self.stats.record(False, (self._monotonic() - started) * 1000)

    async def _ask(self, prompt: SanitisedPrompt, context: CallContext) -> ClaudeRefinement:
        attempts = _Attempts(transport_left=self.config.max_retries)
        while True:
            attempts.number += 1
            try:
                return await self._attempt(prompt, context, attempts.number)
            except _Invalid as error:
                if attempts.invalid_left <= 0:
                    raise ClaudeUnavailable(f"invalid answer: {error}") from error
                attempts.invalid_left -= 1
            except anthropic.APIStatusError as error:
                if _is_spend_limit(error) or not _retryable(error) or attempts.transport_left <= 0:
                    raise ClaudeUnavailable(f"{type(error).__name__} {error.status_code}") from error
                attempts.transport_left -= 1
                await asyncio.sleep(self._wait_for(error, attempts.number))
            except (anthropic.APITimeoutError, anthropic.APIConnectionError) as error:
                if attempts.transport_left <= 0:
                    raise ClaudeUnavailable(type(error).__name__) from error
                attempts.transport_left -= 1
                await asyncio.sleep(self._backoff(attempts.number))

    async def _attempt(self, prompt: SanitisedPrompt, context: CallContext, number: int) -> ClaudeRefinement:
        started = self._monotonic()
        record = ClaudeCallRecord(
            context=context,
            model=self.config.model,
            output_mode=self.config.output_mode,
            attempt=number,
            started_at_monotonic=started,
            duration_ms=0.0,
            request_sha256=prompt.key,
            response_sha256=None,
            outcome="ok",
            error=None,
            status_code=None,
            pii_scrubbed=prompt.pii_scrubbed,
        )
        try:
            message = await self.client.messages.create(**self._arguments(prompt))
            _usage_into(record, message)
            record.status_code = 200
            record.response_sha256 = hashlib.sha256(message.model_dump_json().encode()).hexdigest()
            return self._parse(message)
        except _Invalid as error:
            record.outcome, record.error = "invalid", str(error)[:500]
            raise
        except anthropic.APIStatusError as error:
            record.status_code = error.status_code
            record.outcome = "spend_limit" if _is_spend_limit(error) else _status_outcome(error.status_code)
            record.error = str(error)[:500]
            raise
        except (anthropic.APITimeoutError, anthropic.APIConnectionError) as error:
            record.outcome, record.error = "timeout", type(error).__name__
            raise
        except asyncio.CancelledError:
            record.outcome, record.error = "cancelled", "deadline"
            raise
        finally:
            record.duration_ms = round((self._monotonic() - started) * 1000, 3)
            # Written beside the call, not inside it: the caller's own open transaction (SQLite locks the
            # whole file) must not make the audit write wait, and a deadline must not lose the record.
            task = asyncio.create_task(self._audit(record))
            self._audits.add(task)
            task.add_done_callback(self._audits.discard)

    async def _audit(self, record: ClaudeCallRecord) -> None:
        try:
            await self.audit.record(record)
        except Exception:  # a lost audit row is logged loudly, but must not cost the agent the answer
            logger.exception("recording a Claude call in the audit trail failed")

    def _arguments(self, prompt: SanitisedPrompt) -> dict[str, Any]:
        cached = {"type": "ephemeral"}
        arguments: dict[str, Any] = {
            "model": self.config.model,
            "max_tokens": self.config.max_tokens,
            "system": [{"type": "text", "text": SYSTEM_PROMPT, "cache_control": cached}],
            "messages": [{"role": "user", "content": prompt.content}],
        }
        if self.config.temperature is not None:
            # This SDK version no longer types sampling parameters (newer models reject them): send raw.
            arguments["extra_body"] = {"temperature": self.config.temperature}
        if self.config.output_mode == "tool":
            arguments["tools"] = [
                {
                    "name": TOOL_NAME,
                    "description": "Record the analysis of the prospect's latest message.",
                    "input_schema": refinement_schema(),
                    "cache_control": cached,
                }
            ]
            arguments["tool_choice"] = {"type": "tool", "name": TOOL_NAME}
        else:
            arguments["output_config"] = {"format": {"type": "json_schema", "schema": refinement_schema()}}
        return arguments

    def _parse(self, message: anthropic.types.Message) -> ClaudeRefinement:
        if message.stop_reason == "refusal":
            raise _Invalid("refused")
        try:
            for block in message.content:
                if self.config.output_mode == "tool" and block.type == "tool_use" and block.name == TOOL_NAME:
                    return ClaudeRefinement.model_validate(block.input)
                if self.config.output_mode == "json" and block.type == "text":
                    return ClaudeRefinement.model_validate(json.loads(block.text))
        except (ValidationError, ValueError) as error:
            raise _Invalid(str(error)[:300]) from error
        raise _Invalid(f"no {self.config.output_mode} output in the answer")

    def _wait_for(self, error: anthropic.APIStatusError, attempt: int) -> float:
        """The server's retry-after when it gives one (capped to stay inside the deadline), else backoff."""
        headers = error.response.headers
        for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
            value = headers.get(name)
            if value is not None:
                try:
                    return min(float(value) * scale, self.config.retry_after_cap_s)
                except ValueError:
                    break
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        base = min(self.config.backoff_base_s * 2 ** (attempt - 1), 8.0)
        return float(base * (0.75 + random.random() / 2))  # jitter, not security


def _retryable(error: anthropic.APIStatusError) -> bool:
    return error.status_code in (408, 409, 429) or error.status_code >= 500


def _is_spend_limit(error: anthropic.APIStatusError) -> bool:
    """A 429 for a reached spend limit will not clear by waiting: retrying only burns the deadline."""
    if error.status_code != 429:
        return False
    if "SpendLimit" in type(error).__name__:
        return True
    text = json.dumps(error.body).lower() if error.body is not None else str(error).lower()
    return "spend limit" in text or "spend_limit" in text


def _status_outcome(status: int) -> str:
    return {429: "rate_limited", 529: "overloaded"}.get(
        status, "server_error" if status >= 500 else "client_error"
    )


def _usage_into(record: ClaudeCallRecord, message: anthropic.types.Message) -> None:
    usage = message.usage
    record.input_tokens = usage.input_tokens
    record.output_tokens = usage.output_tokens
    record.cache_creation_input_tokens = usage.cache_creation_input_tokens
    record.cache_read_input_tokens = usage.cache_read_input_tokens
